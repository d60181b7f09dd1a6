package dev.leti.local.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The services as child JVMs ({@code java -jar <module>/target/<module>.jar}), wired to the broker and
 * the database by environment variables, each logging to {@code <workdir>/logs/<instance>.log}
 * (the module's name, with the replica number when a service runs more than once).
 *
 * <p>No orphans after a {@code kill -9} of the launcher: every child is started through
 * {@code setpriv --pdeathsig SIGKILL}, so the kernel kills it when its parent goes. The parent death
 * signal fires when the <em>thread</em> that forked the child ends, not the process, hence all
 * children are forked from one daemon thread that lives exactly as long as the launcher's JVM.
 * A clean stop (Ctrl-C) sends SIGTERM, so Spring shuts each service down gracefully.
 */
final class ServiceProcesses implements AutoCloseable {

    private static final long STOP_GRACE_SECONDS = 20;

    /**
     * JVM options of the two services that run the model. Their tensors live off-heap and their heap holds
     * little (under 120 MiB used in the demo), so the serial collector with a small initial heap that grows
     * on demand keeps the process's peak RSS at PyTorch eager's, where G1's default initial heap does not
     * (docs/benchmarks.md, leti-model). The images set the same with a container-relative cap. Options given
     * with {@code --java-opts} come later on the command line and win.
     */
    static final List<String> MODEL_SERVICE_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx1g");

    private final StackSettings settings;
    private final ExecutorService forker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "leti-service-forker");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<ServiceInstance, Process> running = new LinkedHashMap<>();

    ServiceProcesses(StackSettings settings) {
        this.settings = settings;
    }

    synchronized Process start(ServiceInstance instance) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(instance.kind()))
                .directory(settings.workdir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(instance).toFile()));
        builder.environment().putAll(environment(instance));
        try {
            Process process = forker.submit(builder::start).get();
            running.put(instance, process);
            return process;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + instance.name(), e);
        } catch (ExecutionException e) {
            throw new IOException("could not start " + instance.name(), e.getCause());
        }
    }

    Path logFile(ServiceInstance instance) {
        return settings.logsDir().resolve(instance.name() + ".log");
    }

    List<String> command(ServiceKind service) throws IOException {
        List<String> command = new ArrayList<>(List.of("setpriv", "--pdeathsig", "SIGKILL", "--"));
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (service.runsTheModel()) {
            command.addAll(MODEL_SERVICE_JVM_OPTIONS);
        }
        command.addAll(settings.javaOptions());
        command.addAll(List.of("-jar", snapshot(service).toString()));
        return command;
    }

    /**
     * A copy of the service's jar under {@code <workdir>/jars/}, refreshed when the built jar changed.
     * A running Spring Boot jar reads its classes lazily from the file: rebuilding the module in
     * place (say, {@code ./mvnw package} while the stack is up) would break the running service.
     */
    private Path snapshot(ServiceKind service) throws IOException {
        Path built = settings.jar(service);
        Path copy = settings.workdir().resolve("jars").resolve(built.getFileName());
        if (Files.exists(copy) && Files.size(copy) == Files.size(built)
                && Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(built))) {
            return copy;
        }
        Files.createDirectories(copy.getParent());
        Path staging = copy.resolveSibling(copy.getFileName() + ".copying");
        Files.copy(built, staging, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(staging, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return copy;
    }

    Map<String, String> environment(ServiceInstance instance) {
        ServiceKind service = instance.kind();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "local");
        env.put("SERVER_PORT", Integer.toString(instance.port()));
        // Every meter carries the instance name (management.metrics.tags.replica), so replicas of a
        // service scraped together stay apart.
        env.put("MANAGEMENT_METRICS_TAGS_REPLICA", instance.name());
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
        env.put("LETI_ARTIFACTS_ROOT", settings.artifactsDir().toString());
        env.put("LETI_API_WRITE_KEY", settings.apiKey());
        env.put("LETI_API_READ_KEY", settings.readKey());
        // Nothing may download at run time (DJL would otherwise try to fetch its native library).
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        if (service.runsTheModel()) {
            // One glibc malloc arena: libtorch's freed buffers are reused instead of kept per arena
            // (steadier, lower peak RSS at unchanged speed; docs/benchmarks.md, leti-model).
            env.put("MALLOC_ARENA_MAX", "1");
        }
        if (service == ServiceKind.ORCHESTRATOR) {
            env.put("SPRING_DATASOURCE_URL", settings.jdbcUrl());
            env.put("SPRING_DATASOURCE_USERNAME", Postgres.USER);
            env.put("SPRING_DATASOURCE_PASSWORD", Postgres.PASSWORD);
        }
        return env;
    }

    /** SIGTERM to all (in reverse start order, so producers of work stop first), then SIGKILL what lingers. */
    @Override
    public synchronized void close() {
        List<Process> processes = new ArrayList<>(running.values());
        java.util.Collections.reverse(processes);
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }

    static boolean jarExists(StackSettings settings, ServiceKind service) {
        return Files.isRegularFile(settings.jar(service));
    }
}
