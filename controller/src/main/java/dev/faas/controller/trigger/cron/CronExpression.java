package dev.faas.controller.trigger.cron;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A standard cron expression: {@code minute hour day-of-month month day-of-week}, or six fields with seconds first.
 * Fields take {@code *}, numbers, ranges {@code a-b}, steps {@code * /n} and {@code a-b/n}, lists {@code a,b}, and
 * names ({@code JAN}, {@code MON}); day of week 0–7 (0 and 7 are Sunday); {@code ?} means {@code *}. When both
 * day of month and day of week are restricted a day matching either fires (as in Vixie cron).
 */
public final class CronExpression {
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    // Longer than any gap a valid expression can have (Feb 29 on a given weekday: 28 years).
    private static final int SEARCH_DAYS = 366 * 29;

    private final String text;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronExpression(String text, String[] fields) {
        this.text = text;
        int offset = fields.length == 6 ? 1 : 0;
        this.seconds = offset == 1 ? Field.SECOND.parse(fields[0]) : bits(0);
        this.minutes = Field.MINUTE.parse(fields[offset]);
        this.hours = Field.HOUR.parse(fields[offset + 1]);
        this.daysOfMonth = Field.DAY_OF_MONTH.parse(fields[offset + 2]);
        this.months = Field.MONTH.parse(fields[offset + 3]);
        BitSet weekdays = Field.DAY_OF_WEEK.parse(fields[offset + 4]);
        if (weekdays.get(7)) {
            weekdays.set(0);
        }
        this.daysOfWeek = weekdays;
        this.dayOfMonthRestricted = !isWildcard(fields[offset + 2]);
        this.dayOfWeekRestricted = !isWildcard(fields[offset + 4]);
    }

    /** Parses an expression; {@link IllegalArgumentException} says which field is wrong and why. */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the cron expression is empty");
        }
        String[] fields = text.trim().split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            throw new IllegalArgumentException("'" + text + "' has " + fields.length + " fields; a cron expression has"
                    + " 5 (minute hour day-of-month month day-of-week) or 6 (seconds first), e.g. '*/5 * * * *'");
        }
        return new CronExpression(text.trim(), fields);
    }

    /** The first time strictly after {@code after} (in its zone) that matches; local times a DST gap skips never fire. */
    public ZonedDateTime next(ZonedDateTime after) {
        LocalDateTime start = after.toLocalDateTime().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        LocalDate date = start.toLocalDate();
        for (int day = 0; day < SEARCH_DAYS; day++, date = date.plusDays(1)) {
            if (!matches(date)) {
                continue;
            }
            boolean firstDay = day == 0;
            for (int h = hours.nextSetBit(firstDay ? start.getHour() : 0); h >= 0; h = hours.nextSetBit(h + 1)) {
                boolean firstHour = firstDay && h == start.getHour();
                for (int m = minutes.nextSetBit(firstHour ? start.getMinute() : 0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    boolean firstMinute = firstHour && m == start.getMinute();
                    for (int s = seconds.nextSetBit(firstMinute ? start.getSecond() : 0); s >= 0; s = seconds.nextSetBit(s + 1)) {
                        LocalDateTime local = date.atTime(h, m, s);
                        if (after.getZone().getRules().getValidOffsets(local).isEmpty()) {
                            continue;
                        }
                        ZonedDateTime candidate = ZonedDateTime.of(local, after.getZone());
                        if (candidate.isAfter(after)) {
                            return candidate;
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("cron expression '" + text + "' never fires");
    }

    @Override
    public String toString() {
        return text;
    }

    private boolean matches(LocalDate date) {
        if (!months.get(date.getMonthValue())) {
            return false;
        }
        boolean dayOfMonth = daysOfMonth.get(date.getDayOfMonth());
        boolean dayOfWeek = daysOfWeek.get(date.getDayOfWeek().getValue() % 7);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return dayOfMonth || dayOfWeek;
        }
        return dayOfMonth && dayOfWeek;
    }

    private static boolean isWildcard(String field) {
        // Vixie cron: a field starting with '*' (also '*/n') does not restrict the day.
        return field.startsWith("*") || field.startsWith("?");
    }

    private static BitSet bits(int value) {
        BitSet bits = new BitSet();
        bits.set(value);
        return bits;
    }

    /** One field's range and names. */
    private enum Field {
        SECOND("seconds", 0, 59, List.of()),
        MINUTE("minute", 0, 59, List.of()),
        HOUR("hour", 0, 23, List.of()),
        DAY_OF_MONTH("day of month", 1, 31, List.of()),
        MONTH("month", 1, 12, MONTHS),
        DAY_OF_WEEK("day of week", 0, 7, DAYS);

        private final String label;
        private final int min;
        private final int max;
        private final List<String> names;

        Field(String label, int min, int max, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
        }

        BitSet parse(String field) {
            BitSet bits = new BitSet();
            for (String part : field.split(",", -1)) {
                parsePart(part, bits);
            }
            return bits;
        }

        private void parsePart(String part, BitSet bits) {
            if (part.isEmpty()) {
                throw problem(part, "an empty list item");
            }
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), part);
                if (step < 1) {
                    throw problem(part, "a step must be at least 1");
                }
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max == 7 ? 6 : max;
            } else {
                int dash = range.indexOf('-', 1);
                from = value(dash < 0 ? range : range.substring(0, dash), part);
                to = dash < 0 ? (slash >= 0 ? (max == 7 ? 6 : max) : from) : value(range.substring(dash + 1), part);
            }
            if (from > to) {
                throw problem(part, "the range starts after it ends");
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }

        private int value(String text, String part) {
            int named = names.indexOf(text.toUpperCase(Locale.ROOT));
            int value = named >= 0 ? named + (this == MONTH ? 1 : 0) : number(text, part);
            if (value < min || value > max) {
                throw problem(part, value + " is outside " + min + "-" + max);
            }
            return value;
        }

        private int number(String text, String part) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw problem(part, "'" + text + "' is not a number" + (names.isEmpty() ? "" : " or a name such as " + names.get(0)));
            }
        }

        private IllegalArgumentException problem(String part, String why) {
            return new IllegalArgumentException("the " + label + " field '" + part + "' is wrong: " + why);
        }
    }
}
