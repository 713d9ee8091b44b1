package function;

/** The platform's error shape: {@code {"status": 404, "message": "..."}}. */
public record ErrorBody(int status, String message) {
}
