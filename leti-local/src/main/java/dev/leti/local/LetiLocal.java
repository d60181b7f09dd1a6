package dev.leti.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.leti.local.demo.CompareCommand;
import dev.leti.local.demo.DemoCommand;
import dev.leti.local.stack.LocalStack;
import dev.leti.local.stack.StackSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-command local run: {@code up}, {@code demo}, {@code compare} (see {@link Options#USAGE}).
 * The repository root (where the service jars are built) is {@code -Dleti.home}, set by {@code ./leti};
 * it defaults to the current directory.
 */
public final class LetiLocal {

    private static final AtomicBoolean STOPPING = new AtomicBoolean();
    /** What {@code up --stdin-commands} follows. */
    private static final String STDIN_COMMANDS = "restart kafka | restart postgres";

    private LetiLocal() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(Options.parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println("leti: " + e.getMessage());
            System.err.print(Options.USAGE);
            status = 2;
        } catch (Exception e) {
            // Ctrl-C while a demo runs: the stack is going away under the client, which is expected.
            if (!STOPPING.get()) {
                System.err.println("leti: " + (e.getMessage() == null ? e : e.getMessage()));
                if (e.getCause() != null) {
                    System.err.println("  caused by: " + e.getCause());
                }
            }
            status = 1;
        }
        // Explicit exit: the in-process broker leaves non-daemon threads behind.
        System.exit(status);
    }

    private static int run(Options options) throws Exception {
        switch (options.command()) {
            case "up" -> {
                options.requireOnly(union(Options.STACK_OPTIONS, Set.of("stdin-commands")));
                up(settings(options), options.flag("stdin-commands"));
                return 0;
            }
            case "demo" -> {
                options.requireOnly(union(Options.STACK_OPTIONS, Set.of("iterations", "spec", "report", "keep-running")));
                demo(options);
                return 0;
            }
            case "compare" -> {
                options.requireOnly(union(Options.STACK_OPTIONS, Set.of("iterations", "spec", "report", "keep-running")));
                compare(options);
                return 0;
            }
            case "help", "--help", "-h" -> {
                System.out.print(Options.USAGE);
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown command '" + options.command() + "'");
        }
    }

    static StackSettings settings(Options options) {
        StackSettings settings = options.stackSettings(Path.of(System.getProperty("leti.home", ".")));
        // Logback writes the broker's and the database driver's logs under the working directory.
        System.setProperty("leti.logs", settings.logsDir().toString());
        // slf4j would otherwise warn on the console about log calls replayed during its initialisation.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        return settings;
    }

    /**
     * Starts the stack and keeps it up until Ctrl-C (or SIGTERM), which stops everything cleanly.
     * With {@code --stdin-commands} it also follows {@link #STDIN_COMMANDS} read line by line from
     * standard input (off by default: a launcher in a background job that read its terminal would be stopped).
     */
    private static void up(StackSettings settings, boolean stdinCommands) throws Exception {
        LocalStack stack = startWithShutdownHook(settings);
        System.out.println("\nleti-local is up; Ctrl-C stops everything.");
        if (stdinCommands) {
            followCommands(stack, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
        new CountDownLatch(1).await();
        stack.close();
    }

    /** Restarts of the broker or the database, for fault tests; read until the end of the input. */
    private static void followCommands(LocalStack stack, BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            try {
                switch (line.trim()) {
                    case "" -> {
                    }
                    case "restart kafka" -> stack.restartBroker();
                    case "restart postgres" -> stack.restartPostgres();
                    default -> System.out.println("leti-local: unknown command '" + line.trim() + "' (" + STDIN_COMMANDS + ")");
                }
            } catch (IOException e) {
                System.out.println("leti-local: '" + line.trim() + "' failed: " + e.getMessage());
            }
        }
    }

    private static void demo(Options options) throws Exception {
        Instant started = Instant.now();
        LocalStack stack = startWithShutdownHook(settings(options));
        new DemoCommand(System.out).run(stack, spec(options), iterations(options),
                Path.of(options.get("report", "leti-report.md")), started);
        finish(stack, options);
    }

    private static void compare(Options options) throws Exception {
        Instant started = Instant.now();
        LocalStack stack = startWithShutdownHook(settings(options));
        new CompareCommand(System.out).run(stack, spec(options), iterations(options),
                Path.of(options.get("report", "comparison-report.md")), started);
        finish(stack, options);
    }

    /** The run spec: a file the user gave, or the built-in demo spec. */
    private static JsonNode spec(Options options) throws java.io.IOException {
        JsonMapper json = JsonMapper.builder().build();
        return options.values().containsKey("spec")
                ? json.readTree(Path.of(options.get("spec", "")).toFile())
                : DemoCommand.builtInSpec(json);
    }

    private static Integer iterations(Options options) {
        return options.values().containsKey("iterations") ? options.getInt("iterations", 0) : null;
    }

    /** Demo and comparison stop the stack when done, unless asked to leave it up for a look around. */
    private static void finish(LocalStack stack, Options options) throws InterruptedException {
        if (options.flag("keep-running")) {
            System.out.println("\nleti-local stays up; Ctrl-C stops everything.");
            new CountDownLatch(1).await();
        }
        stack.close();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    static LocalStack startWithShutdownHook(StackSettings settings) throws Exception {
        LocalStack stack = new LocalStack(settings, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            STOPPING.set(true);
            System.out.println("\nleti-local: stopping ...");
            stack.close();
            System.out.println("leti-local: stopped; data kept under " + settings.workdir());
        }, "leti-local-shutdown"));
        try {
            stack.start();
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        return stack;
    }
}
