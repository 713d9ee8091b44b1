package dev.faas.controller.api;

import dev.faas.controller.function.InvalidFunctionException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Kubernetes resource quantities ({@code 128Mi}, {@code 1G}, {@code 500m}, {@code 0.5}) as OpenFaaS limits use them. */
public final class ResourceQuantity {
    private static final Pattern QUANTITY =
            Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");
    private static final Map<String, BigDecimal> MULTIPLIERS = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)), Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)), Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    private ResourceQuantity() {
    }

    /** Memory in bytes; {@code field} names the input in the error (for example {@code limits.memory}). */
    public static long memoryBytes(String field, String text) {
        BigDecimal value = parse(field, text, "memory like 128Mi, 1G or 500000 (bytes)");
        if (text.trim().endsWith("m")) {
            throw new InvalidFunctionException(field + " '" + text + "' is in millibytes; did you mean '"
                    + text.trim().replaceAll("m$", "Mi") + "'?");
        }
        if (value.signum() == 0) {
            throw new InvalidFunctionException(field + " must be more than zero, got '" + text + "'");
        }
        return value.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** CPU in millicores ({@code 500m} and {@code 0.5} are both 500). */
    public static long cpuMillis(String field, String text) {
        BigDecimal value = parse(field, text, "CPU like 500m, 1 or 0.5 (cores)");
        return value.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static BigDecimal parse(String field, String text, String example) {
        Matcher m = QUANTITY.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new InvalidFunctionException(field + " '" + text + "' is not a quantity: use " + example);
        }
        BigDecimal number = new BigDecimal(m.group(1));
        if (number.signum() < 0) {
            throw new InvalidFunctionException(field + " '" + text + "' is negative: use " + example);
        }
        String suffix = m.group(2) == null ? "" : m.group(2);
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            return number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        }
        return number.multiply(MULTIPLIERS.get(suffix));
    }
}
