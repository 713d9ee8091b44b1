package dev.faas.charts;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of a CRD's structural OpenAPI schema the API server checks on create (types, properties, required,
 * pattern, lengths, enums): the mock server checks none of it, so the tests check objects against it here.
 */
record OpenApiSchema(JSONSchemaProps root) {

    /** What is wrong with {@code value}, one line per problem; empty when it conforms. */
    List<String> problems(Object value) {
        List<String> problems = new ArrayList<>();
        check("", root, value, problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static void check(String path, JSONSchemaProps schema, Object value, List<String> problems) {
        String type = schema.getType();
        if ("object".equals(type)) {
            if (!(value instanceof Map<?, ?> map)) {
                problems.add(path + ": not an object");
                return;
            }
            schema.getRequired().stream().filter(r -> !map.containsKey(r)).forEach(r -> problems.add(path + "." + r + ": required"));
            ((Map<String, Object>) map).forEach((key, child) -> {
                JSONSchemaProps property = schema.getProperties().get(key);
                if (property == null && schema.getAdditionalProperties() != null) {
                    property = schema.getAdditionalProperties().getSchema();
                }
                if (property == null) {
                    if (!Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields()) && !schema.getProperties().isEmpty()) {
                        problems.add(path + "." + key + ": unknown field");
                    }
                } else {
                    check(path + "." + key, property, child, problems);
                }
            });
        } else if ("array".equals(type)) {
            if (!(value instanceof List<?> list)) {
                problems.add(path + ": not an array");
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                check(path + "[" + i + "]", schema.getItems().getSchema(), list.get(i), problems);
            }
        } else if ("string".equals(type)) {
            if (!(value instanceof String text)) {
                problems.add(path + ": not a string");
                return;
            }
            if (schema.getPattern() != null && !text.matches(schema.getPattern())) {
                problems.add(path + ": '" + text + "' does not match " + schema.getPattern());
            }
            if (schema.getMinLength() != null && text.length() < schema.getMinLength()) {
                problems.add(path + ": shorter than " + schema.getMinLength());
            }
            if (schema.getMaxLength() != null && text.length() > schema.getMaxLength()) {
                problems.add(path + ": longer than " + schema.getMaxLength());
            }
            if (!schema.getEnum().isEmpty() && schema.getEnum().stream().noneMatch(e -> text.equals(e.asText()))) {
                problems.add(path + ": '" + text + "' is not one of " + schema.getEnum());
            }
        } else if ("integer".equals(type) && !(value instanceof Integer || value instanceof Long)) {
            problems.add(path + ": not an integer");
        } else if ("boolean".equals(type) && !(value instanceof Boolean)) {
            problems.add(path + ": not a boolean");
        }
    }
}
