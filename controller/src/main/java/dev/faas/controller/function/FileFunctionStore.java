package dev.faas.controller.function;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Keeps each spec as {@code <state-dir>/functions/<namespace>/<name>.json}, written atomically so that a crash
 * never leaves half a file; everything is read into memory at start.
 */
@Singleton
public class FileFunctionStore implements FunctionStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileFunctionStore.class);
    private static final String SUFFIX = ".json";

    private final Path root;
    private final ObjectMapper json;
    private final Map<FunctionKey, FunctionSpec> specs = new ConcurrentHashMap<>();

    public FileFunctionStore(@Value("${faas.state-dir}") Path stateDir, ObjectMapper json) {
        this.root = stateDir.resolve("functions");
        this.json = json;
        load();
    }

    @Override
    public Optional<FunctionSpec> find(FunctionKey key) {
        return Optional.ofNullable(specs.get(key));
    }

    @Override
    public List<FunctionSpec> list() {
        return specs.values().stream()
                .sorted(Comparator.comparing(FunctionSpec::namespace).thenComparing(FunctionSpec::service))
                .toList();
    }

    @Override
    public synchronized void save(FunctionSpec spec) {
        FunctionKey key = spec.key();
        Path file = fileOf(key);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "." + key.name(), ".tmp");
            try {
                Files.write(temp, json.writeValueAsBytes(spec));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save function " + key + " to " + file, e);
        }
        specs.put(key, spec);
    }

    @Override
    public synchronized boolean delete(FunctionKey key) {
        try {
            Files.deleteIfExists(fileOf(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete function " + key, e);
        }
        return specs.remove(key) != null;
    }

    private Path fileOf(FunctionKey key) {
        return root.resolve(key.namespace()).resolve(key.name() + SUFFIX);
    }

    private void load() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(SUFFIX))
                    .forEach(this::loadOne);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read function specs under " + root, e);
        }
        LOG.info("Loaded {} function(s) from {}", specs.size(), root);
    }

    private void loadOne(Path file) {
        try {
            FunctionSpec spec = json.readValue(file.toFile(), FunctionSpec.class);
            specs.put(spec.key(), spec);
        } catch (IOException | InvalidFunctionException e) {
            // One damaged file must not keep the other functions from coming back.
            LOG.warn("Skipping unreadable function spec {}: {}", file, e.getMessage());
        }
    }
}
