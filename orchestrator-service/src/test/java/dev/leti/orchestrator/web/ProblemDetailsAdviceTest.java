package dev.leti.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

class ProblemDetailsAdviceTest {

    @Test
    void anUnexpectedFailureIsA500ProblemWithAnIncidentIdAndNoInternals() {
        var failure = new UncheckedIOException(new NoSuchFileException("/srv/leti/artifacts/datasets/secret-path"));

        ProblemDetail problem = new ProblemDetailsAdvice().unexpected(failure,
                new ServletWebRequest(new MockHttpServletRequest("POST", "/api/v1/runs")));

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getTitle()).isEqualTo("Internal error");
        String incident = (String) problem.getProperties().get("incident");
        assertThat(incident).matches("[0-9a-f-]{36}");
        assertThat(problem.getDetail()).contains(incident).doesNotContain("secret-path");
    }
}
