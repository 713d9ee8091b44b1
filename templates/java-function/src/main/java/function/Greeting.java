package function;

/** What the caller sends: {@code {"name": "Ada"}}. */
public record Greeting(String name) {
}
