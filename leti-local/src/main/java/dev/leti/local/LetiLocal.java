package dev.leti.local;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import dev.leti.local.stack.LocalStack;
import dev.leti.local.stack.StackSettings;

/**
 * The one-command local run: {@code up}, {@code demo}, {@code compare} (see {@link Options#USAGE}).
 * The repository root (where the service jars are built) is {@code -Dleti.home}, set by {@code ./leti};
 * it defaults to the current directory.
 */
public final class LetiLocal {

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
            System.err.println("leti: " + e.getMessage());
            if (e.getCause() != null) {
                System.err.println("  caused by: " + e.getCause());
            }
            status = 1;
        }
        // Explicit exit: the in-process broker leaves non-daemon threads behind.
        System.exit(status);
    }

    private static int run(Options options) throws Exception {
        switch (options.command()) {
            case "up" -> {
                options.requireOnly(Options.STACK_OPTIONS);
                up(settings(options));
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

    /** Starts the stack and keeps it up until Ctrl-C (or SIGTERM), which stops everything cleanly. */
    private static void up(StackSettings settings) throws Exception {
        LocalStack stack = startWithShutdownHook(settings);
        System.out.println("\nleti-local is up; Ctrl-C stops everything.");
        new CountDownLatch(1).await();
        stack.close();
    }

    static LocalStack startWithShutdownHook(StackSettings settings) throws Exception {
        LocalStack stack = new LocalStack(settings, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
