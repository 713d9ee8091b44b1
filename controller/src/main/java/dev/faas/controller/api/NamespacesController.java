package dev.faas.controller.api;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.FunctionStore;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.List;
import java.util.TreeSet;

/** {@code GET /system/namespaces}: the namespaces that have functions, always with the default one. */
@Controller("/system/namespaces")
public class NamespacesController {
    private final FunctionStore store;

    public NamespacesController(FunctionStore store) {
        this.store = store;
    }

    @Get
    public List<String> namespaces() {
        TreeSet<String> names = new TreeSet<>();
        names.add(FunctionKey.DEFAULT_NAMESPACE);
        store.list().stream().map(FunctionSpec::namespace).forEach(names::add);
        return List.copyOf(names);
    }
}
