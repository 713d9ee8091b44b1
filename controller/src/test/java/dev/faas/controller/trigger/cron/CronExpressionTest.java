package dev.faas.controller.trigger.cron;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CronExpressionTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static ZonedDateTime at(String text, ZoneId zone) {
        return java.time.LocalDateTime.parse(text).atZone(zone);
    }

    private static String next(String cron, String after) {
        return CronExpression.parse(cron).next(at(after, UTC)).toLocalDateTime().toString();
    }

    @Test
    void stepsRangesListsAndNames() {
        assertEquals("2026-03-01T10:05", next("*/5 * * * *", "2026-03-01T10:04:59"));
        assertEquals("2026-03-01T10:05", next("*/5 * * * *", "2026-03-01T10:00:00"));
        assertEquals("2026-03-02T09:00", next("0 9-17/4 * * MON-FRI", "2026-03-01T10:00"), "2026-03-01 is a Sunday");
        assertEquals("2026-03-01T13:00", next("0 9-17/4 * * *", "2026-03-01T10:00"));
        assertEquals("2026-12-25T00:00", next("0 0 25 DEC *", "2026-03-01T10:00"));
        assertEquals("2026-03-01T10:00:01", next("* * * * * *", "2026-03-01T10:00:00"));
        assertEquals("2026-03-01T10:00:30", next("30 * * * * *", "2026-03-01T10:00:00"));
        assertEquals("2026-03-08T00:00", next("0 0 * * 7", "2026-03-01T10:00"), "7 is Sunday too");
    }

    @Test
    void dayOfMonthAndDayOfWeekBothRestrictedMeansEither() {
        // The 13th, or any Friday: 2026-03-06 is a Friday, before the 13th.
        assertEquals("2026-03-06T00:00", next("0 0 13 * FRI", "2026-03-01T10:00"));
        assertEquals("2028-02-29T00:00", next("0 0 29 FEB *", "2026-03-01T10:00"));
    }

    @Test
    void followsTheTimeZoneAndSkipsLocalTimesThatDoNotExist() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        // 2026-03-29 02:30 does not exist in Paris (clocks jump from 02:00 to 03:00): the next 02:30 is a day later.
        ZonedDateTime next = CronExpression.parse("30 2 * * *").next(at("2026-03-28T03:00", paris));
        assertEquals("2026-03-30T02:30+02:00[Europe/Paris]", next.toString());
        assertEquals("2026-01-01T08:00Z", CronExpression.parse("0 9 * * *").next(at("2026-01-01T08:30", paris))
                .withZoneSameInstant(ZoneId.of("Z")).toString().replace("[Z]", ""));
    }

    @Test
    void badExpressionsSayWhichFieldIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("* * *"))
                .getMessage().contains("has 3 fields"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("61 * * * *"))
                .getMessage().contains("minute field '61' is wrong: 61 is outside 0-59"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("* * * FOO *"))
                .getMessage().contains("month field 'FOO'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("*/0 * * * *"))
                .getMessage().contains("step must be at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("5-1 * * * *"))
                .getMessage().contains("starts after it ends"));
    }
}
