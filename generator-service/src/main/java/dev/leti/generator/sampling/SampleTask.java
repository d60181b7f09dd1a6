package dev.leti.generator.sampling;

import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.generation.ProblemToSample;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** One program to sample: a problem of a request and the sample's index among its samples. */
record SampleTask(GenerationRequest request, ProblemToSample problem, int index) {

    UUID sampleId() {
        return GeneratedSample.idFor(request.requestId(), problem.problemId(), index);
    }

    /** Tasks of one checkpoint can share a batch (each sequence keeps its own sampling settings). */
    String checkpointUri() {
        return request.checkpointUri();
    }

    /**
     * This sample's own random stream: the settings' base seed mixed with the iteration, the purpose, the
     * problem and the sample's index, so samples differ and each is reproducible. Not the sample id: it
     * holds the request id, which is random, and two runs of one spec must sample the same programs
     * however their problems are split into requests.
     */
    long seed() {
        String key = request.iteration() + "/" + request.purpose() + "/" + problem.problemId() + "/" + index;
        return request.sampling().seed() * 0x9E3779B97F4A7C15L
                ^ UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).getLeastSignificantBits();
    }
}
