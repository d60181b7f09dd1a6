package dev.leti.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.leti.local.stack.ServiceKind;
import dev.leti.local.stack.StackSettings;

/** {@code <command> [--name value | --name=value | --flag]...}; unknown options are an error, not a silent default. */
record Options(String command, Map<String, String> values) {

    private static final Set<String> FLAGS = Set.of("keep-running", "help", "stdin-commands");

    static final String USAGE = """
            usage: ./leti <command> [options]

            commands:
              up        start Kafka, PostgreSQL and the built services; Ctrl-C stops everything
              demo      up, then a LeTI run with textual feedback on the built-in problems; prints a
                        pass@k table per iteration and writes leti-report.md
              compare   up, then TEXTUAL, BINARY and NONE feedback from the same base checkpoint and budget;
                        writes comparison-report.md

            options:
              --workdir DIR        all state (Kafka, PostgreSQL, artifacts, logs)     [./.leti]
              --services LIST      comma-separated services to start, or 'none'       [all that are built]
              --replicas LIST      child JVMs per service, e.g. generator=2,executor=2 [1 each]
                                   (generator and executor: 1-8, the topics' partitions;
                                   orchestrator and trainer run once; extra replicas take
                                   the ports after the trainer's, port-base+4 on)
              --kafka-port N       broker port (the KRaft controller takes N+1)        [9092]
              --postgres-port N    PostgreSQL port                                     [54329]
              --port-base N        orchestrator port; generator, executor, trainer follow [8080]
              --api-key KEY        services' write key (X-API-Key; read key: KEY-read) [$LETI_API_KEY or leti-local-key]
              --java-opts "..."    extra JVM options for every service                 [$LETI_JAVA_OPTS]
              --stdin-commands     up: read 'restart kafka' and 'restart postgres' lines from standard
                                   input and restart that piece on its port and data (fault tests)
              --keep-running       demo/compare: leave the stack up afterwards (Ctrl-C stops it)
              --iterations N       demo/compare: LeTI iterations after the base evaluation
              --spec FILE          demo/compare: a run spec (JSON, see README) instead of the built-in one
              --report FILE        demo: [leti-report.md]; compare: [comparison-report.md]
            """;

    static Options parse(String[] args) {
        if (args.length == 0) {
            return new Options("help", Map.of());
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (FLAGS.contains(name)) {
                values.put(name, "true");
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
        }
        return new Options(args[0], Map.copyOf(values));
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int getInt(String name, int fallback) {
        String value = values.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be a number, got '" + value + "'");
        }
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.get(name));
    }

    void requireOnly(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " for '" + command + "'");
            }
        }
    }

    static final Set<String> STACK_OPTIONS = Set.of(
            "workdir", "services", "replicas", "kafka-port", "postgres-port", "port-base", "api-key", "java-opts");

    StackSettings stackSettings(Path home) {
        List<ServiceKind> services = services(get("services", "all"));
        return new StackSettings(
                home,
                Path.of(get("workdir", ".leti")),
                getInt("kafka-port", StackSettings.DEFAULT_KAFKA_PORT),
                getInt("postgres-port", StackSettings.DEFAULT_POSTGRES_PORT),
                getInt("port-base", StackSettings.DEFAULT_PORT_BASE),
                get("api-key", envOr("LETI_API_KEY", StackSettings.DEFAULT_API_KEY)),
                services,
                javaOptions(get("java-opts", envOr("LETI_JAVA_OPTS", ""))),
                replicas(get("replicas", ""), services));
    }

    /**
     * {@code service=N[,service=N]...}, services named as in {@code --services}. Errors: a malformed
     * entry, an unknown service, a service named twice, one that {@code --services} does not start, a
     * count that is no number; counts out of range and services that run once are
     * {@link StackSettings}'s to refuse.
     */
    static Map<ServiceKind, Integer> replicas(String list, List<ServiceKind> services) {
        Map<ServiceKind, Integer> replicas = new EnumMap<>(ServiceKind.class);
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("=", -1);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("--replicas takes service=count[,service=count]..., got '" + entry.trim() + "'");
            }
            ServiceKind service = ServiceKind.fromName(parts[0].trim());
            if (!services.contains(service)) {
                throw new IllegalArgumentException("--replicas names " + service.module() + ", which --services does not start");
            }
            int count;
            try {
                count = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--replicas: the count of " + service.module()
                        + " must be a number, got '" + parts[1].trim() + "'");
            }
            if (replicas.put(service, count) != null) {
                throw new IllegalArgumentException("--replicas names " + service.module() + " twice");
            }
        }
        return replicas;
    }

    private static List<ServiceKind> services(String list) {
        if (list.equals("all")) {
            return List.of(ServiceKind.values());
        }
        if (list.equals("none")) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).map(ServiceKind::fromName).toList();
    }

    private static List<String> javaOptions(String options) {
        List<String> result = new ArrayList<>();
        for (String option : options.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                result.add(option);
            }
        }
        return result;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
