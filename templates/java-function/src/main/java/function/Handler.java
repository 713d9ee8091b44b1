package function;

import java.util.function.Function;

/** Greets the named person; the runtime maps the JSON body to a Greeting and the Reply back to JSON. */
public class Handler implements Function<Greeting, Reply> {

    @Override
    public Reply apply(Greeting greeting) {
        String name = greeting == null || greeting.name() == null || greeting.name().isBlank()
                ? "world" : greeting.name().strip();
        return new Reply("Hello, " + name + "!");
    }
}
