package dev.faas.runtime;

import dev.faas.function.Context;
import dev.faas.function.Handler;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Loads the function: puts every jar of the function directory and its {@code lib/} on a class loader of its
 * own (parent: the runtime's loader, which holds the API), finds the class from {@code FAAS_HANDLER} or a
 * {@code Faas-Handler} manifest attribute, instantiates it and runs {@code init}.
 */
final class HandlerLoader {

    /** The manifest attribute naming the handler class in a function jar. */
    static final String MANIFEST_ATTRIBUTE = "Faas-Handler";

    /** A loaded, initialised function and the loader its calls must run under. */
    record Loaded(Invoker invoker, String className, ClassLoader classLoader) {
    }

    /** Loading failed; the message names the class and is safe to show to callers. */
    static final class LoadException extends Exception {
        LoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final RuntimeConfig config;
    private final ClassLoader parent;

    HandlerLoader(RuntimeConfig config) {
        this(config, HandlerLoader.class.getClassLoader());
    }

    /** A loader whose function class loaders delegate to {@code parent} (the warm-up's: the platform's). */
    HandlerLoader(RuntimeConfig config, ClassLoader parent) {
        this.config = config;
        this.parent = parent;
    }

    /** Loads and initialises the handler with {@code context}. */
    Loaded load(Context context) throws LoadException {
        Path dir = config.functionPath();
        String where = dir == null ? "the runtime class path" : dir.toString();
        List<Path> jars = jars(dir);
        String className = config.handlerClass() != null ? config.handlerClass() : manifestHandler(dir, jars);
        ClassLoader loader = classLoader(jars, className, where);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Object instance = instantiate(Class.forName(className, true, loader), className, where);
            Invoker invoker = invoker(instance, className, where);
            if (instance instanceof Handler handler) {
                try {
                    handler.init(context);
                } catch (Exception e) {
                    throw new LoadException("cannot load handler class '" + className + "' from " + where
                            + ": init failed: " + describe(e), e);
                }
            }
            return new Loaded(invoker, className, loader);
        } catch (LoadException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw failure(className, where, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static List<Path> jars(Path dir) throws LoadException {
        if (dir == null) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new LoadException("function path " + dir + " is not a directory: set FAAS_FUNCTION_PATH to the "
                    + "directory holding function.jar and lib/", null);
        }
        List<Path> jars = new ArrayList<>(jarsIn(dir));
        jars.addAll(jarsIn(dir.resolve("lib")));
        return jars;
    }

    private static List<Path> jarsIn(Path dir) throws LoadException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new LoadException("cannot list jars in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String manifestHandler(Path dir, List<Path> jars) throws LoadException {
        for (Path jar : jars) {
            if (!jar.getParent().equals(dir)) {
                continue; // libraries in lib/ do not name the handler
            }
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                String name = manifest == null ? null : manifest.getMainAttributes().getValue(MANIFEST_ATTRIBUTE);
                if (name != null && !name.isBlank()) {
                    return name.trim();
                }
            } catch (IOException e) {
                throw new LoadException("cannot read jar " + jar + ": " + e.getMessage(), e);
            }
        }
        throw new LoadException("no handler class named: set FAAS_HANDLER or add a '" + MANIFEST_ATTRIBUTE
                + "' attribute to the manifest of a jar in " + (dir == null ? "FAAS_FUNCTION_PATH" : dir), null);
    }

    private ClassLoader classLoader(List<Path> jars, String className, String where) throws LoadException {
        if (config.functionPath() == null) {
            return HandlerLoader.class.getClassLoader();
        }
        URL[] urls = new URL[jars.size()];
        try {
            for (int i = 0; i < urls.length; i++) {
                urls[i] = jars.get(i).toUri().toURL();
            }
        } catch (MalformedURLException e) {
            throw failure(className, where, e);
        }
        return new URLClassLoader("function:" + config.functionName(), urls, parent);
    }

    private static Object instantiate(Class<?> type, String className, String where) throws Exception {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new LoadException("cannot load handler class '" + className + "' from " + where
                    + ": it needs a public no-arg constructor", e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @SuppressWarnings("unchecked")
    private static Invoker invoker(Object instance, String className, String where) throws LoadException {
        if (instance instanceof Handler handler) {
            return new HandlerInvoker(handler);
        }
        if (instance instanceof Function<?, ?> function) {
            return new FunctionInvoker((Function<Object, Object>) function, FunctionTypes.of(instance.getClass())[0]);
        }
        throw new LoadException("cannot load handler class '" + className + "' from " + where + ": it implements "
                + "neither dev.faas.function.Handler nor java.util.function.Function", null);
    }

    private static LoadException failure(String className, String where, Throwable e) {
        return new LoadException("cannot load handler class '" + className + "' from " + where + ": " + describe(e), e);
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
