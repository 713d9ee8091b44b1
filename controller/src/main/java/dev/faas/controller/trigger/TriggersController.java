package dev.faas.controller.trigger;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionNotFoundException;
import dev.faas.controller.function.FunctionStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;

import java.util.List;

/** {@code GET /system/triggers/{name}}: a function's triggers with their delivered/failed counts, last error and lag. */
@Controller("/system/triggers")
public class TriggersController {
    private final FunctionStore functions;
    private final TriggerStats stats;

    public TriggersController(FunctionStore functions, TriggerStats stats) {
        this.functions = functions;
        this.stats = stats;
    }

    /** The triggers of one function. */
    @Get("/{name}")
    public FunctionTriggers of(@PathVariable String name, @Nullable @QueryValue String namespace) {
        FunctionKey key = FunctionKey.parse(name, namespace);
        if (functions.find(key).isEmpty()) {
            throw new FunctionNotFoundException(key);
        }
        return new FunctionTriggers(key.name(), key.namespace(), stats.of(key));
    }

    /** The answer: a function and its triggers. */
    @io.micronaut.core.annotation.Introspected
    public record FunctionTriggers(String function, String namespace, List<TriggerStatus> triggers) {
    }
}
