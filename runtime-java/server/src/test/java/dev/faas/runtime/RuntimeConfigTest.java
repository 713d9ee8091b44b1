package dev.faas.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeConfigTest {

    @Test
    void defaultsWhenTheEnvironmentIsEmpty() {
        RuntimeConfig config = RuntimeConfig.fromEnv(Map.of());

        assertEquals(8080, config.port());
        assertEquals("127.0.0.1", config.bindAddress());
        assertEquals("function", config.functionName());
        assertEquals("default", config.namespace());
        assertNull(config.functionPath());
        assertNull(config.handlerClass());
        assertNull(config.gateway());
        assertEquals(Duration.ofSeconds(10), config.drain());
    }

    @Test
    void readsEveryVariable() {
        RuntimeConfig config = RuntimeConfig.fromEnv(Map.of("PORT", "9000", "FAAS_BIND", "0.0.0.0",
                "FAAS_FUNCTION_NAME", "cart", "FAAS_FUNCTION_NAMESPACE", "shop", "FAAS_FUNCTION_PATH", "/srv/fn",
                "FAAS_HANDLER", "function.Handler", "FAAS_GATEWAY", "http://127.0.0.1:8080",
                "FAAS_DRAIN_SECONDS", "3", "API_TOKEN", "s3cret"));

        assertEquals(9000, config.port());
        assertEquals("0.0.0.0", config.bindAddress());
        assertEquals("cart", config.functionName());
        assertEquals("shop", config.namespace());
        assertEquals(Path.of("/srv/fn"), config.functionPath());
        assertEquals("function.Handler", config.handlerClass());
        assertEquals("http://127.0.0.1:8080", config.gateway());
        assertEquals(Duration.ofSeconds(3), config.drain());
        assertFalse(config.toString().contains("s3cret"), "environment stays out of toString");
    }

    @Test
    void malformedNumbersNameTheVariable() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> RuntimeConfig.fromEnv(Map.of("PORT", "http")));
        assertEquals("PORT must be a whole number, got 'http'", port.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> RuntimeConfig.fromEnv(Map.of("PORT", "70000")));
        assertEquals("PORT must be between 0 and 65535, got 70000", range.getMessage());
        IllegalArgumentException drain = assertThrows(IllegalArgumentException.class,
                () -> RuntimeConfig.fromEnv(Map.of("FAAS_DRAIN_SECONDS", "-1")));
        assertEquals("FAAS_DRAIN_SECONDS must be zero or more", drain.getMessage());
    }
}
