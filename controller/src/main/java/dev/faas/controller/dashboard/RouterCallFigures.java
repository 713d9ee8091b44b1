package dev.faas.controller.dashboard;

import dev.faas.controller.function.FunctionKey;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The router's cumulative call figures for each function, as its {@code /metrics} exports them:
 * {@code faas_router_requests_total{namespace,function,status}} and the buckets of
 * {@code faas_router_request_seconds} (upper bound in seconds → calls at or below it).
 */
public record RouterCallFigures(Map<FunctionKey, Calls> functions) {
    static final RouterCallFigures NONE = new RouterCallFigures(Map.of());

    /** One function's cumulative counts by status and latency buckets. */
    public record Calls(Map<String, Double> byStatus, TreeMap<Double, Double> latencyBuckets) {
    }

    /** Reads the two metric families out of a Prometheus text exposition; other lines are ignored. */
    public static RouterCallFigures parse(String exposition) {
        Map<FunctionKey, Calls> functions = new HashMap<>();
        for (String line : exposition.split("\n")) {
            boolean status = line.startsWith("faas_router_requests_total{");
            boolean bucket = line.startsWith("faas_router_request_seconds_bucket{");
            if (!status && !bucket) {
                continue;
            }
            int open = line.indexOf('{');
            int close = line.lastIndexOf('}');
            if (close < open) {
                continue;
            }
            Map<String, String> labels = labels(line.substring(open + 1, close));
            String namespace = labels.get("namespace");
            String function = labels.get("function");
            Double value = number(line.substring(close + 1).trim().split("\\s+")[0]);
            if (namespace == null || function == null || value == null) {
                continue;
            }
            Calls calls = functions.computeIfAbsent(new FunctionKey(namespace, function),
                    k -> new Calls(new HashMap<>(), new TreeMap<>()));
            if (status && labels.containsKey("status")) {
                calls.byStatus().merge(labels.get("status"), value, Double::sum);
            } else if (bucket && labels.containsKey("le")) {
                Double le = number(labels.get("le"));
                if (le != null) {
                    calls.latencyBuckets().merge(le, value, Double::sum);
                }
            }
        }
        return new RouterCallFigures(Map.copyOf(functions));
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new HashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0 || eq + 1 >= text.length() || text.charAt(eq + 1) != '"') {
                break;
            }
            String name = text.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < text.length() && text.charAt(j) != '"'; j++) {
                char c = text.charAt(j);
                if (c == '\\' && j + 1 < text.length()) {
                    c = text.charAt(++j);
                    value.append(c == 'n' ? '\n' : c);
                } else {
                    value.append(c);
                }
            }
            labels.put(name, value.toString());
            i = text.indexOf(',', j);
            if (i < 0) {
                break;
            }
            i++;
        }
        return labels;
    }

    private static Double number(String text) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }
}
