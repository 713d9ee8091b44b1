package dev.faas.controller.trigger.cron;

import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A function's cron trigger, read from its annotation {@code schedule} (or label of that name) and the optional
 * {@code schedule.timezone} (an IANA zone such as {@code Europe/Paris}; default UTC).
 */
public record CronSchedule(CronExpression expression, ZoneId zone) {
    /** The annotation holding the cron expression. */
    public static final String SCHEDULE = "schedule";
    /** The annotation holding the time zone the expression is read in. */
    public static final String TIME_ZONE = "schedule.timezone";

    /** The function's schedule, if it has one; {@link InvalidFunctionException} (a 400) says what is wrong with it. */
    public static Optional<CronSchedule> of(FunctionSpec spec) {
        String text = value(spec, SCHEDULE);
        if (text == null) {
            return Optional.empty();
        }
        CronExpression expression;
        try {
            expression = CronExpression.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidFunctionException("annotation '" + SCHEDULE + "' of function '" + spec.service()
                    + "' is not a valid cron expression: " + e.getMessage());
        }
        String zoneText = value(spec, TIME_ZONE);
        ZoneId zone;
        try {
            zone = zoneText == null || zoneText.isBlank() ? ZoneOffset.UTC : ZoneId.of(zoneText.trim());
        } catch (DateTimeException e) {
            throw new InvalidFunctionException("annotation '" + TIME_ZONE + "' of function '" + spec.service()
                    + "' is not a time zone: '" + zoneText + "'; use an IANA name such as Europe/Paris or UTC");
        }
        return Optional.of(new CronSchedule(expression, zone));
    }

    /** The first fire time after {@code after}. */
    public ZonedDateTime next(java.time.Instant after) {
        return expression.next(after.atZone(zone));
    }

    private static String value(FunctionSpec spec, String key) {
        String annotation = spec.annotations().get(key);
        return annotation != null ? annotation : spec.labels().get(key);
    }
}
