package dev.faas.controller.secret;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Introspected;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The OpenFaaS body of {@code POST}/{@code PUT /system/secrets}: the value as text ({@code value}) or as base64
 * bytes ({@code rawValue}), exactly one of them. Its toString leaves the value out.
 */
@Introspected
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecretRequest(String name, String namespace, String value, String rawValue) {

    /** The secret's id; the query's namespace applies when the body names none. */
    public SecretId id(String queryNamespace) {
        return new SecretId(namespace != null && !namespace.isBlank() ? namespace : queryNamespace, name);
    }

    /** The value's bytes, or a 400 saying what to send. */
    public byte[] bytes() {
        if ((value == null) == (rawValue == null)) {
            throw SecretRejectedException.invalid("send exactly one of \"value\" (text) or \"rawValue\" (base64) "
                    + "for secret '" + name + "'" + (value == null ? "; neither was given" : "; both were given"));
        }
        if (value != null) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(rawValue.trim());
        } catch (IllegalArgumentException e) {
            throw SecretRejectedException.invalid("rawValue of secret '" + name + "' is not valid base64: "
                    + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "SecretRequest[" + namespace + "/" + name + "]";
    }
}
