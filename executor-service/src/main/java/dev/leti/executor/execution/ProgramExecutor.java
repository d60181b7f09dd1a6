package dev.leti.executor.execution;

import dev.leti.contracts.execution.ExecutionReport;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.contracts.execution.Outcome;
import dev.leti.executor.feedback.Classification;
import dev.leti.executor.feedback.RunClassifier;
import dev.leti.executor.program.AssembledProgram;
import dev.leti.executor.program.ProgramAssembler;
import dev.leti.executor.sandbox.RawRun;
import dev.leti.executor.sandbox.SandboxException;
import dev.leti.executor.sandbox.SandboxJob;
import dev.leti.executor.sandbox.SandboxPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Assembles a sample's script, runs it in the sandbox pool and classifies the run. */
@Service
public class ProgramExecutor {

    private static final Logger log = LoggerFactory.getLogger(ProgramExecutor.class);
    private final SandboxPool pool;
    private final Map<Outcome, Counter> executions = new EnumMap<>(Outcome.class);
    private final Map<String, Counter> rewardHacks = new HashMap<>();
    private final Timer duration;

    public ProgramExecutor(SandboxPool pool, MeterRegistry registry) {
        this.pool = pool;
        String backend = pool.backendName();
        for (Outcome outcome : Outcome.values()) {
            executions.put(outcome, Counter.builder("leti.executions").description("Programs executed")
                    .tag("outcome", outcome.name()).tag("backend", backend).register(registry));
        }
        for (String kind : RunClassifier.HACK_KINDS) {
            rewardHacks.put(kind, Counter.builder("leti.reward.hacks")
                    .description("SUSPICIOUS programs by kind of reward hack (a program counts once per kind)")
                    .tag("kind", kind).tag("backend", backend).register(registry));
        }
        duration = Timer.builder("leti.execution.duration").description("Wall time of one program in its sandbox")
                .tag("backend", backend).publishPercentileHistogram().register(registry);
        Gauge.builder("leti.executor.pool.utilization", pool, SandboxPool::utilization)
                .description("Fraction of sandboxes running a program").register(registry);
        Gauge.builder("leti.executor.queue.depth", pool, SandboxPool::waiting)
                .description("Programs waiting for a free sandbox").register(registry);
    }

    public ExecutionReport execute(String completion, ExecutionTask task) {
        AssembledProgram program = ProgramAssembler.assemble(completion, task);
        ExecutionReport report;
        try {
            RawRun run = pool.run(new SandboxJob(program.script(), task.limits(), program.firstTestLine()));
            Classification verdict = RunClassifier.classify(run, program);
            verdict.rewardHacks().forEach(kind -> rewardHacks.get(kind).increment());
            report = new ExecutionReport(verdict.outcome(), verdict.exceptionType(), verdict.feedback(), run.stdout(),
                    run.stderr(), run.stdoutTruncated(), run.stderrTruncated(), run.durationMillis(),
                    pool.backendName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sandbox", e);
        } catch (SandboxException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while running a program", e);
            }
            log.warn("sandbox failure: {}", e.getMessage());
            report = new ExecutionReport(Outcome.SANDBOX_ERROR, null, "", "", e.getMessage(), false, false, 0,
                    pool.backendName());
        }
        executions.get(report.outcome()).increment();
        duration.record(Duration.ofMillis(report.durationMillis()));
        return report;
    }
}
