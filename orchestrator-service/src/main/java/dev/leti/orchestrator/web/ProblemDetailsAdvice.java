package dev.leti.orchestrator.web;

import dev.leti.orchestrator.run.ConflictException;
import dev.leti.orchestrator.run.InvalidInputException;
import dev.leti.orchestrator.run.NotFoundException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;

/**
 * Every error as RFC 9457 problem details. Bad input is a 400 whose {@code errors} list
 * names each offending field ({@code field}, {@code message}); the {@code detail} repeats
 * them for people. Bad input never surfaces as a 500; what the server itself fails at is a 500
 * problem body with an incident id, whose details go to the log only.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** One offending field. */
    record FieldProblem(String field, String message) {
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Object> invalid(InvalidInputException e) {
        return badRequest(List.of(new FieldProblem(e.field(), e.getMessage())));
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    /** Anything not handled above is the server's fault: no internals in the body, all of them in the log. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, WebRequest request) {
        String incident = UUID.randomUUID().toString();
        log.error("{} failed (incident {})", request.getDescription(false), incident, e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the orchestrator failed to handle this request; its log has the details under incident " + incident);
        problem.setTitle("Internal error");
        problem.setProperty("incident", incident);
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        return badRequest(List.of(new FieldProblem(e.getName(), "invalid value '" + e.getValue() + "'"
                + (e.getRequiredType() == null ? "" : " for " + typeName(e.getRequiredType())))));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            problems.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors().forEach(error ->
                problems.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        return badRequest(problems);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                problems.add(new FieldProblem(result.getMethodParameter().getParameterName(),
                        error.getDefaultMessage()))));
        return badRequest(problems);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badRequest(List.of(unreadable(e)));
    }

    /** Names the JSON path Jackson was at, and why it stopped. */
    private static FieldProblem unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = jackson.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return new FieldProblem(field, jackson.getOriginalMessage());
        }
        if (cause instanceof InputCoercionException coercion && coercion.processor() != null) {
            // A number too large for its field: the parser still knows where it was.
            String pointer = coercion.processor().streamReadContext().pathAsPointer().toString();
            String field = pointer.replaceFirst("^/", "").replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.');
            return new FieldProblem(field.isEmpty() ? "body" : field, coercion.getOriginalMessage());
        }
        if (cause instanceof JacksonException jackson) {
            return new FieldProblem("body", "malformed JSON: " + jackson.getOriginalMessage());
        }
        return new FieldProblem("body", "unreadable request body: " + cause.getMessage());
    }

    private static ResponseEntity<Object> badRequest(List<FieldProblem> problems) {
        List<FieldProblem> sorted = problems.stream().sorted(Comparator.comparing(FieldProblem::field)).toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, sorted.stream()
                .map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
        problem.setTitle("Invalid request");
        problem.setType(URI.create("https://leti.dev/problems/invalid-request"));
        problem.setProperty("errors", sorted);
        return ResponseEntity.badRequest().body(problem);
    }

    private static String typeName(Class<?> type) {
        return type.isEnum() ? "one of " + List.of(type.getEnumConstants()) : type.getSimpleName();
    }
}
