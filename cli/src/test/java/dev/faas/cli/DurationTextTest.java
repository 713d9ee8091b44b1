package dev.faas.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationTextTest {

    @Test
    void parsesCombinedUnits() {
        assertEquals(Duration.ofMinutes(5), DurationText.parse("--since", "5m"));
        assertEquals(Duration.ofMinutes(90), DurationText.parse("--since", "1h30m"));
        assertEquals(Duration.ofMillis(500), DurationText.parse("--since", "500ms"));
    }

    @Test
    void rejectsTextThatIsNotADurationNamingTheOption() {
        CliException e = assertThrows(CliException.class, () -> DurationText.parse("--idle-timeout", "5 minutes"));
        assertTrue(e.getMessage().startsWith("--idle-timeout '5 minutes' is not a duration"), e.getMessage());
        assertThrows(CliException.class, () -> DurationText.parse("--since", "m5"));
    }
}
