package function;

/** What the function answers: {@code {"message": "Hello, Ada!"}}. */
public record Reply(String message) {
}
