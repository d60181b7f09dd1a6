package dev.leti.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.leti.contracts.messaging.LetiJson;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The runs API's RFC 9457 problem bodies and its access rules, over the web layer alone (the
 * controller, the problem-details advice and leti-spring's API-key security with the test
 * profile's keys); {@link RunService} is a mock.
 */
@WebMvcTest(RunController.class)
@ActiveProfiles("test")
class RunControllerTest {

    private static final String READ_KEY = "test-read-key";
    private static final String WRITE_KEY = "test-write-key";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    RunService runs;

    /** A problem body as a client reads it. */
    record Problem(int status, String contentType, JsonNode body) {

        List<String> fields() {
            List<String> fields = new ArrayList<>();
            body.path("errors").forEach(e -> fields.add(e.get("field").asString()));
            return fields;
        }

        String detail() {
            return body.get("detail").asString();
        }
    }

    @Test
    void specsTheAnnotationsOrTheJsonRejectAreBadRequestsNamingTheFields() throws Exception {
        assertBadRequest("{\"iterations\": 0, \"samplesPerProblem\": 5000}", "iterations", "samplesPerProblem");
        assertBadRequest("{\"feedbackMode\": \"LOUD\"}", "feedbackMode");
        assertBadRequest("{\"sampling\": {\"topP\": 0}}", "sampling.topP");
        assertBadRequest("{\"iterations\": \"two\"}", "iterations");
        assertBadRequest("{\"dataset\": 7}", "dataset");
        assertBadRequest("{\"training\": {\"epoch\": 3}}", "training.epoch");
        assertBadRequest("{\"iterations\": 99999999999}", "iterations");
        assertBadRequest("{\"evaluation\": {\"kValues\": [1, 0]}}", "evaluation.kValues[1]");
        assertBadRequest("{\"evaluation\": {\"extraDatasets\": [{\"split\": \"test\"}]}}",
                "evaluation.extraDatasets[0].reference");
        assertBadRequest("{\"evaluation\": {\"rewardToken\": \"MAYBE\"}}", "evaluation.rewardToken");
        assertBadRequest("{\"evaluation\": {\"sampling\": {\"temperature\": 9}}}", "evaluation.sampling.temperature");
        assertBadRequest("{\"evaluation\": {\"temperature\": 0.8}}", "evaluation.temperature");
        assertBadRequest("{\"training\": {\"lora\": {\"rank\": 0}}}", "training.lora.rank");
        assertBadRequest("{\"training\": {\"adamW\": {\"beta2\": 1.0}}}", "training.adamW.beta2");
        assertBadRequest("{\"training\": {\"microBatchTokens\": -1}}", "training.microBatchTokens");
        assertThat(assertBadRequest("{\"iterations\": 2,", "body").detail()).contains("malformed JSON");
        verifyNoInteractions(runs);
    }

    @Test
    void aRuleTheServiceChecksIsABadRequestNamingItsField() throws Exception {
        when(runs.create(any())).thenThrow(new InvalidInputException("dataset.reference", "no file /x.jsonl"));

        Problem problem = assertBadRequest("{}", "dataset.reference");

        assertThat(problem.body().get("type").asString()).isEqualTo("https://leti.dev/problems/invalid-request");
        assertThat(problem.body().get("title").asString()).isEqualTo("Invalid request");
        assertThat(problem.detail()).isEqualTo("dataset.reference: no file /x.jsonl");
        assertThat(problem.body().at("/errors/0/message").asString()).isEqualTo("no file /x.jsonl");
    }

    @Test
    void readingOrWritingWithoutTheRightKeyIsUnauthorized() throws Exception {
        for (String key : new String[] {null, "wrong"}) {
            for (MockHttpServletRequestBuilder request : List.of(get("/api/v1/runs"),
                    get("/api/v1/runs/" + UUID.randomUUID()),
                    post("/api/v1/runs").contentType(MediaType.APPLICATION_JSON).content("{}"),
                    post("/api/v1/runs/" + UUID.randomUUID() + "/cancel"))) {
                Problem problem = send(request, key);
                assertThat(problem.status()).isEqualTo(401);
                assertThat(problem.contentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                assertThat(problem.detail()).contains(key == null ? "missing API key" : "wrong API key", "X-API-Key");
            }
        }
        verifyNoInteractions(runs);
    }

    @Test
    void theReadKeyReadsButCannotWrite() throws Exception {
        Problem forbidden = send(post("/api/v1/runs").contentType(MediaType.APPLICATION_JSON).content("{}"), READ_KEY);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(forbidden.detail()).contains("write key");
        verifyNoInteractions(runs);

        assertThat(mvc.perform(get("/api/v1/runs").header("X-API-Key", READ_KEY)).andReturn().getResponse()
                .getStatus()).isEqualTo(200);
        assertThat(mvc.perform(get("/api/v1/runs").header("Authorization", "Bearer " + READ_KEY)).andReturn()
                .getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void theWriteKeyReadsAndWrites() throws Exception {
        UUID id = UUID.randomUUID();
        assertThat(mvc.perform(post("/api/v1/runs/" + id + "/cancel").header("Authorization", "Bearer " + WRITE_KEY))
                .andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(get("/api/v1/runs/" + id).header("X-API-Key", WRITE_KEY)).andReturn().getResponse()
                .getStatus()).isEqualTo(200);
    }

    @Test
    void unknownRunsAreNotFoundAndACancelledRunAConflict() throws Exception {
        UUID unknown = UUID.randomUUID();
        when(runs.get(unknown)).thenThrow(new NotFoundException("no run " + unknown));
        when(runs.cancel(unknown)).thenThrow(new ConflictException("run " + unknown + " is already CANCELLED"));

        Problem notFound = send(get("/api/v1/runs/" + unknown), READ_KEY);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.contentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(notFound.detail()).isEqualTo("no run " + unknown);
        Problem conflict = send(post("/api/v1/runs/" + unknown + "/cancel"), WRITE_KEY);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.detail()).contains("already CANCELLED");
    }

    @Test
    void badPathAndQueryParametersAreBadRequestsNamingThem() throws Exception {
        UUID id = UUID.randomUUID();
        assertThat(send(get("/api/v1/runs/not-a-uuid"), READ_KEY).fields()).containsExactly("id");
        assertThat(send(get("/api/v1/runs/" + id + "/iterations/0/samples?outcome=GREAT"), READ_KEY).fields())
                .containsExactly("outcome");
        assertThat(send(get("/api/v1/runs?size=0"), READ_KEY).fields()).containsExactly("size");
        verifyNoInteractions(runs);
    }

    private Problem assertBadRequest(String json, String... expectedFields) throws Exception {
        Problem problem = send(post("/api/v1/runs").contentType(MediaType.APPLICATION_JSON).content(json), WRITE_KEY);
        assertThat(problem.status()).as(json).isEqualTo(400);
        assertThat(problem.contentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(problem.fields()).as(json).containsExactlyInAnyOrder(expectedFields);
        assertThat(problem.detail()).contains(expectedFields);
        return problem;
    }

    private Problem send(MockHttpServletRequestBuilder request, String key) throws Exception {
        if (key != null) {
            request.header("X-API-Key", key);
        }
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        return new Problem(response.getStatus(), response.getContentType(),
                LetiJson.mapper().readTree(response.getContentAsString()));
    }
}
