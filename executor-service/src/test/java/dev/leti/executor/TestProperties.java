package dev.leti.executor;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@link ExecutorProperties} bound the way the service binds them, defaults included. */
public final class TestProperties {

    private TestProperties() {
    }

    public static ExecutorProperties executor(Map<String, String> settings) {
        Map<String, String> prefixed = new HashMap<>();
        settings.forEach((key, value) -> prefixed.put("leti.executor." + key, value));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bindOrCreate("leti.executor", ExecutorProperties.class);
    }
}
