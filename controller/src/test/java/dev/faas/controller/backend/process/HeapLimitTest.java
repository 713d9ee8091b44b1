package dev.faas.controller.backend.process;

import dev.faas.controller.function.InvalidFunctionException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Memory limits become a heap size that leaves room for the rest of the JVM. */
class HeapLimitTest {

    @Test
    void limitsBecomeThreeQuartersAsHeap() {
        assertEquals(Optional.of("-Xmx96m"), HeapLimit.xmxFlag("128Mi"));
        assertEquals(Optional.of("-Xmx768m"), HeapLimit.xmxFlag("1Gi"));
        assertEquals(Optional.of("-Xmx16m"), HeapLimit.xmxFlag("1Mi"), "never below a usable heap");
        assertEquals(Optional.empty(), HeapLimit.xmxFlag(null));
    }

    @Test
    void nonsenseIsRejectedWithTheFormatToUse() {
        InvalidFunctionException e = assertThrows(InvalidFunctionException.class, () -> HeapLimit.xmxFlag("lots"));
        assertTrue(e.getMessage().contains("'lots' is not a quantity"), e.getMessage());
    }
}
