package dev.faas.cli.platform;

import dev.faas.cli.CliException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The faas installation (the repository root): the built jars, templates and examples. */
public record Installation(Path root) {

    /** The controller's executable jar. */
    public Path controllerJar() {
        return root.resolve("controller/target/faas-controller.jar");
    }

    /** The router's executable jar. */
    public Path routerJar() {
        return root.resolve("router/target/faas-router.jar");
    }

    /** The Java function runtime the controller starts instances with. */
    public Path runtimeJar() {
        return root.resolve("runtime-java/server/target/faas-runtime.jar");
    }

    /** Function templates. */
    public Path templatesDir() {
        return root.resolve("templates");
    }

    /** The example functions deployed by {@code faas up}. */
    public Path examplesStack() {
        return root.resolve("examples/stack.yml");
    }

    /** Fails with a clear message when a jar the platform needs has not been built. */
    public void requireBuilt() {
        for (Path jar : List.of(controllerJar(), routerJar(), runtimeJar())) {
            if (!Files.isRegularFile(jar)) {
                throw new CliException(jar + " is missing — build the platform first: run ./faas (it builds what is "
                        + "missing) or 'mvn -B install -DskipTests' in " + root);
            }
        }
    }
}
