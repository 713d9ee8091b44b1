package dev.faas.runtime.json;

/** Malformed JSON, or JSON that does not fit the requested Java type; the message says where and why. */
public class JsonException extends RuntimeException {

    /** Creates the exception with a message meant for the person who sent the JSON. */
    public JsonException(String message) {
        super(message);
    }
}
