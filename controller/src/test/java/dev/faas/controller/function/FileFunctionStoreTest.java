package dev.faas.controller.function;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileFunctionStoreTest {

    private static FunctionSpec spec(String name, String image) {
        return new FunctionSpec(name, "default", image, null, Map.of("A", "1"), null, List.of("db-password"),
                Map.of("com.openfaas.scale.min", "0"), null, new Resources("128Mi", null), null, false,
                Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void specsSurviveAContextRestart(@TempDir Path state) {
        Map<String, Object> props = Map.of("faas.state-dir", state.toString());
        try (ApplicationContext first = ApplicationContext.run(props)) {
            FileFunctionStore store = first.getBean(FileFunctionStore.class);
            store.save(spec("hello", "faas.local/default/hello:1"));
            store.save(spec("hello", "faas.local/default/hello:2"));
            store.save(spec("gone", "faas.local/default/gone:1"));
            assertTrue(store.delete(new FunctionKey("default", "gone")));
        }
        assertTrue(Files.isRegularFile(state.resolve("functions/default/hello.json")));
        try (ApplicationContext second = ApplicationContext.run(props)) {
            FileFunctionStore store = second.getBean(FileFunctionStore.class);
            assertEquals(List.of(spec("hello", "faas.local/default/hello:2")), store.list());
            assertFalse(store.find(new FunctionKey("default", "gone")).isPresent());
        }
    }

    @Test
    void aDamagedFileDoesNotHideTheOthers(@TempDir Path state) throws Exception {
        Files.createDirectories(state.resolve("functions/default"));
        Files.writeString(state.resolve("functions/default/broken.json"), "{ not json");
        try (ApplicationContext first = ApplicationContext.run(Map.of("faas.state-dir", state.toString()))) {
            first.getBean(FileFunctionStore.class).save(spec("ok", "faas.local/default/ok:1"));
        }
        try (ApplicationContext second = ApplicationContext.run(Map.of("faas.state-dir", state.toString()))) {
            assertEquals(1, second.getBean(FileFunctionStore.class).list().size());
        }
    }
}
