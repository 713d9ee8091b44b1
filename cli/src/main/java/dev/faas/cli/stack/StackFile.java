package dev.faas.cli.stack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.faas.cli.CliException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack file in the OpenFaaS format ({@code version}, {@code provider}, {@code functions}), with handler
 * paths resolved against the file's directory.
 */
public record StackFile(Path file, String version, Provider provider, Map<String, StackFunction> functions) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public StackFile {
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    /** The shape of a function entry as written in YAML (before path resolution). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RawFunction(String lang, String handler, String image, String namespace, Map<String, String> environment,
                       Map<String, String> labels, Map<String, String> annotations, Resources limits,
                       Resources requests, List<String> secrets) {
    }

    /** The shape of the whole file as written in YAML. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RawStack(String version, Provider provider, LinkedHashMap<String, RawFunction> functions) {
    }

    /** Reads and checks a stack file; problems become one clear line naming the file. */
    public static StackFile read(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        RawStack raw;
        try {
            raw = YAML.readValue(Files.readAllBytes(absolute), RawStack.class);
        } catch (NoSuchFileException e) {
            throw new CliException("stack file " + file + " not found — give one with -f, or create one with 'faas new NAME'");
        } catch (IOException e) {
            throw new CliException("cannot read stack file " + file + ": " + firstLine(e.getMessage()), e);
        }
        if (raw == null || raw.functions() == null || raw.functions().isEmpty()) {
            throw new CliException("stack file " + file + " has no functions — add them under 'functions:'");
        }
        Path directory = absolute.getParent();
        Map<String, StackFunction> functions = new LinkedHashMap<>();
        raw.functions().forEach((name, f) -> {
            if (f == null) {
                throw new CliException("function '" + name + "' in " + file + " is empty — give it a handler or an image");
            }
            Path handler = f.handler() == null || f.handler().isBlank()
                    ? null
                    : directory.resolve(f.handler()).normalize();
            if (handler == null && (f.image() == null || f.image().isBlank())) {
                throw new CliException("function '" + name + "' in " + file + " has neither a handler nor an image");
            }
            functions.put(name, new StackFunction(name, f.lang(), handler, f.image(), f.namespace(), f.environment(),
                    f.labels(), f.annotations(), f.limits(), f.requests(), f.secrets()));
        });
        return new StackFile(absolute, raw.version(), raw.provider(), functions);
    }

    /** The provider's gateway, or null. */
    public String gateway() {
        return provider == null ? null : provider.gateway();
    }

    /** All functions, or just the named one (with a clear error when it is not in the file). */
    public List<StackFunction> select(String name) {
        if (name == null) {
            return List.copyOf(functions.values());
        }
        StackFunction function = functions.get(name);
        if (function == null) {
            throw new CliException("function '" + name + "' is not in " + file + " — it has: "
                    + String.join(", ", functions.keySet()));
        }
        return List.of(function);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
