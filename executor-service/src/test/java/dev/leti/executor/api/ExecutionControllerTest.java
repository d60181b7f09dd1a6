package dev.leti.executor.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.leti.contracts.execution.ExecutionReport;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.executor.execution.ProgramExecutor;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The executor's HTTP API over the web layer alone: its keys (test profile) and the server's
 * maxima ({@code leti.limits.*}, defaults: 60 s, 2 GB, 128 processes, 64 KB of program and of tests).
 * {@link ProgramExecutor} is a mock: nothing here runs a program.
 */
@WebMvcTest(ExecutionController.class)
@ActiveProfiles("test")
class ExecutionControllerTest {

    private static final String READ_KEY = "test-read-key";
    private static final String WRITE_KEY = "test-write-key";
    private static final String PASSING = "{\"program\": \"x = 1\", \"tests\": \"assert x == 1\", \"format\": \"GENERIC\"}";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ProgramExecutor executor;

    @Test
    void withoutAKeyEveryRequestIsUnauthorized() throws Exception {
        mvc.perform(get("/api/v1/executions"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(startsWith("missing API key")));
        mvc.perform(execution(PASSING))
                .andExpect(status().isUnauthorized());
        mvc.perform(execution(PASSING).header("X-API-Key", "wrong"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(startsWith("wrong API key")));
        verifyNoInteractions(executor);
    }

    @Test
    void theReadKeyCannotExecute() throws Exception {
        mvc.perform(execution(PASSING).header("X-API-Key", READ_KEY))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(403));
        verifyNoInteractions(executor);
    }

    @Test
    void theWriteKeyExecutes() throws Exception {
        when(executor.execute(anyString(), any())).thenReturn(
                new ExecutionReport(Outcome.PASSED, null, "", "", "", false, false, 12, "process"));

        mvc.perform(execution(PASSING).header("Authorization", "Bearer " + WRITE_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("PASSED"));
    }

    static Stream<Arguments> overTheMaxima() {
        String oversized = "y".repeat(64 * 1024 + 1);
        return Stream.of(
                Arguments.of("timeoutSeconds", 61, "must be at most 60"),
                Arguments.of("memoryBytes", (2L << 30) + 1, "must be at most 2147483648"),
                Arguments.of("maxProcesses", 129, "must be at most 128"),
                Arguments.of("program", oversized, "must be at most 65536"),
                Arguments.of("tests", oversized, "must be at most 65536"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overTheMaxima")
    void aRequestAboveTheMaximaIsABadRequestNamingTheField(String field, Object value, String message)
            throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("program", "x = 1", "tests", "", "format", "GENERIC"));
        body.put(field, value);
        mvc.perform(execution(LetiJson.mapper().writeValueAsString(body)).header("X-API-Key", WRITE_KEY))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].message").value(containsString(message)));
        verifyNoInteractions(executor);
    }

    private static MockHttpServletRequestBuilder execution(String body) {
        return post("/api/v1/executions").contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
