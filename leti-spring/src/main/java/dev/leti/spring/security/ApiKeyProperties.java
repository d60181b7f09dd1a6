package dev.leti.spring.security;

import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The two API keys of a service's HTTP API ({@code leti.api.*}); clients send one in
 * {@code X-API-Key} or as {@code Authorization: Bearer <key>}.
 *
 * @param readKey  grants the reader role: every {@code GET} under {@code /api/}
 * @param writeKey grants the writer role (and the reader role): every other method under {@code /api/}
 */
@ConfigurationProperties("leti.api")
public record ApiKeyProperties(String readKey, String writeKey) {

    /** The keys this repository itself writes down (the local profile's, old defaults, placeholders). */
    static final Set<String> WELL_KNOWN = Set.of("leti-local-key", "leti-local-key-read", "leti-dev-key",
            "change-me", "changeme");

    /** The profile whose well-known keys are accepted: the one-command run on one machine. */
    static final String LOCAL_PROFILE = "local";

    /**
     * Refuses keys that would leave the API open: an empty one anywhere, a well-known one outside
     * the local profile, the same key for reading and writing.
     *
     * @throws IllegalStateException naming the property to set
     */
    void requireUsable(boolean localProfile) {
        require("leti.api.read-key", "LETI_API_READ_KEY", readKey, localProfile);
        require("leti.api.write-key", "LETI_API_WRITE_KEY", writeKey, localProfile);
        if (readKey.equals(writeKey)) {
            throw new IllegalStateException("leti.api.read-key and leti.api.write-key are the same key: "
                    + "a reader could write; give them different values");
        }
    }

    private static void require(String property, String variable, String key, boolean localProfile) {
        if (key == null || key.isBlank()) {
            throw new IllegalStateException(property + " is empty: set it (environment variable " + variable
                    + ") to a secret value");
        }
        if (!localProfile && WELL_KNOWN.contains(key)) {
            throw new IllegalStateException(property + " is the well-known key '" + key + "', accepted only in the "
                    + LOCAL_PROFILE + " profile: set it (environment variable " + variable + ") to a secret value");
        }
    }
}
