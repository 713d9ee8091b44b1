package dev.faas.controller.backend;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoopbackPortsTest {

    @Test
    void portsGivenOutTogetherAreAllDifferent() {
        // Many instances started at once (a burst scale-up) must never be told the same port.
        Set<Integer> ports = Collections.synchronizedSet(new HashSet<>());
        List<Integer> given = IntStream.range(0, 400).parallel().map(i -> LoopbackPorts.free()).boxed().toList();
        ports.addAll(given);

        assertEquals(given.size(), ports.size(), "duplicates among " + given);
    }
}
