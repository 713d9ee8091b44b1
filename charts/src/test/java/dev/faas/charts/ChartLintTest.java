package dev.faas.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code helm lint --strict} passes on the chart, and does catch a broken one. */
class ChartLintTest {

    @Test
    void theChartLintsStrictlyWithoutErrorsOrWarnings() {
        LintResult result = new Helm(FaasChart.chartDir()).lint().strict().call();

        assertFalse(result.isFailed(), "lint failed: " + result.getMessages());
        assertTrue(result.getMessages().stream().noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]")),
                "lint: " + result.getMessages());
    }

    @Test
    void lintCatchesDefaultsTheSchemaRefuses(@TempDir Path copy) throws IOException {
        copyChart(FaasChart.chartDir(), copy);
        Path values = copy.resolve("values.yaml");
        Files.writeString(values, Files.readString(values).replace("backend: kubernetes", "backend: docker"));

        LintResult result = new Helm(copy).lint().strict().call();

        assertTrue(result.isFailed(), "lint passed a chart whose backend is docker: " + result.getMessages());
        assertTrue(result.getMessages().stream().anyMatch(m -> m.contains("backend")), "lint: " + result.getMessages());
    }

    private static void copyChart(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
