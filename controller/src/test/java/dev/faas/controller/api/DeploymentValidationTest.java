package dev.faas.controller.api;

import dev.faas.controller.function.DurationText;
import dev.faas.controller.function.InvalidFunctionException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentValidationTest {
    private final DeploymentValidator validator = new DeploymentValidator();

    private static DeploymentRequest withLabels(Map<String, String> labels) {
        return new DeploymentRequest("fn", "faas.local/default/fn:abc", null, null, null, null, null, labels, null,
                null, null, null);
    }


    @Test
    void parsesKubernetesQuantities() {
        assertEquals(128L * 1024 * 1024, ResourceQuantity.memoryBytes("limits.memory", "128Mi"));
        assertEquals(1_000_000_000L, ResourceQuantity.memoryBytes("limits.memory", "1G"));
        assertEquals(500_000L, ResourceQuantity.memoryBytes("limits.memory", "500000"));
        assertEquals(500L, ResourceQuantity.cpuMillis("limits.cpu", "500m"));
        assertEquals(500L, ResourceQuantity.cpuMillis("limits.cpu", "0.5"));
        assertEquals(1000L, ResourceQuantity.cpuMillis("limits.cpu", "1"));
    }

    @Test
    void rejectsBadQuantitiesNamingTheField() {
        assertTrue(assertThrows(InvalidFunctionException.class,
                () -> ResourceQuantity.cpuMillis("requests.cpu", "lots")).getMessage().startsWith("requests.cpu 'lots'"));
        assertTrue(assertThrows(InvalidFunctionException.class,
                () -> ResourceQuantity.memoryBytes("limits.memory", "128m")).getMessage().contains("did you mean '128Mi'"));
        assertTrue(assertThrows(InvalidFunctionException.class,
                () -> ResourceQuantity.cpuMillis("limits.cpu", "-1")).getMessage().contains("negative"));
    }

    @Test
    void checksScalingLabels() {
        validator.toSpec(withLabels(Map.of("com.openfaas.scale.min", "0", "com.openfaas.scale.max", "5",
                "com.openfaas.scale.zero", "false", "com.openfaas.scale.zero-duration", "1m30s")));
        assertThrows(InvalidFunctionException.class, () -> validator.toSpec(withLabels(Map.of("com.openfaas.scale.min", "30"))));
        assertThrows(InvalidFunctionException.class, () -> validator.toSpec(withLabels(Map.of("com.openfaas.scale.target", "-1"))));
        assertThrows(InvalidFunctionException.class, () -> validator.toSpec(withLabels(Map.of("com.openfaas.scale.zero", "yes"))));
        assertTrue(assertThrows(InvalidFunctionException.class,
                () -> validator.toSpec(withLabels(Map.of("com.openfaas.scale.zero-duration", "soon"))))
                .getMessage().contains("com.openfaas.scale.zero-duration"));
        assertEquals(Duration.ofSeconds(90), DurationText.parse("x", "1m30s"));
    }
}
