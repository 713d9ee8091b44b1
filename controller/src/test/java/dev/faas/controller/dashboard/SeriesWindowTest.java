package dev.faas.controller.dashboard;

import dev.faas.controller.function.FunctionKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeriesWindowTest {

    static FunctionSample sample(String name, long at) {
        return new FunctionSample(at, "default", name, "faas.local/default/" + name + ":1", 1, 1, at, 0, 1.0,
                0, 0, Map.of(), null, null, List.of());
    }

    @Test
    void keepsOnlyTheLastSamplesOfEachFunction() {
        SeriesWindow window = new SeriesWindow(5);
        for (long at = 1; at <= 12; at++) {
            window.add(sample("a", at));
        }
        window.add(sample("b", 100));

        List<FunctionSample> a = window.samples(new FunctionKey("default", "a"));
        assertEquals(5, a.size(), "the window holds at most its capacity");
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), a.stream().map(FunctionSample::at).toList(),
                "the oldest samples are dropped first, the rest stay in order");
        assertEquals(1, window.samples(new FunctionKey("default", "b")).size(), "functions have separate windows");
    }

    @Test
    void boundedUnderLongRunningConcurrentSampling() throws InterruptedException {
        SeriesWindow window = new SeriesWindow(300);
        Thread[] writers = new Thread[4];
        for (int w = 0; w < writers.length; w++) {
            int offset = w;
            writers[w] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    window.add(sample("f" + offset % 2, i));
                }
            });
            writers[w].start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        assertEquals(300, window.samples(new FunctionKey("default", "f0")).size());
        assertEquals(300, window.samples(new FunctionKey("default", "f1")).size());
    }

    @Test
    void forgetsRemovedFunctions() {
        SeriesWindow window = new SeriesWindow(3);
        window.add(sample("kept", 1));
        window.add(sample("gone", 1));
        window.retainOnly(Set.of(new FunctionKey("default", "kept")));
        assertEquals(Set.of(new FunctionKey("default", "kept")), window.functions());
        assertTrue(window.samples(new FunctionKey("default", "gone")).isEmpty());
    }

    @Test
    void refusesAnEmptyWindow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SeriesWindow(0));
        assertTrue(e.getMessage().contains("faas.dashboard.window"), e.getMessage());
    }
}
