package dev.leti.local.stack;

/** The suite's services, in start order; the order also fixes their HTTP ports (base + ordinal). */
public enum ServiceKind {
    ORCHESTRATOR("orchestrator-service"),
    GENERATOR("generator-service"),
    EXECUTOR("executor-service"),
    TRAINER("trainer-service");

    private final String module;

    ServiceKind(String module) {
        this.module = module;
    }

    public String module() {
        return module;
    }

    /** The generator and the trainer load leti-model and keep its tensors in native memory. */
    public boolean runsTheModel() {
        return this == GENERATOR || this == TRAINER;
    }

    public static ServiceKind fromName(String name) {
        for (ServiceKind kind : values()) {
            if (kind.module.equals(name) || kind.module.equals(name + "-service")
                    || kind.name().equalsIgnoreCase(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown service '" + name + "'");
    }
}
