package dev.faas.cli.deploy;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BuildProgressTest {

    @Test
    void showsStepsTestTotalsErrorsAndTheOutcome() {
        assertEquals(Optional.of("compile (compiler)"),
                BuildProgress.condense("[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ greet ---"));
        assertEquals(Optional.of("[INFO] Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"),
                BuildProgress.condense("[INFO] Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"));
        String error = "[ERROR] /src/main/java/function/Handler.java:[7,9] cannot find symbol";
        assertEquals(Optional.of(error), BuildProgress.condense(error));
        assertEquals(Optional.of("[INFO] BUILD FAILURE"), BuildProgress.condense("[INFO] BUILD FAILURE"));
    }

    @Test
    void hidesTheRest() {
        assertEquals(Optional.empty(), BuildProgress.condense("[INFO] Scanning for projects..."));
        assertEquals(Optional.empty(), BuildProgress.condense(
                "[INFO] Tests run: 2, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.1 s -- in function.HandlerTest"));
        assertEquals(Optional.empty(), BuildProgress.condense("[INFO] Compiling 1 source file with javac"));
    }
}
