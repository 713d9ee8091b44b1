package dev.faas.controller.template;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The function templates in {@code faas.templates-dir} (one directory each, described by its {@code template.yml},
 * the same directories {@code faas new} copies), and the projects made from them for a build. Read from disk on
 * every call: there are few, and a template edited on disk is seen at once.
 */
@Singleton
public class TemplateCatalog {
    /** The template's own description; it describes the template, not the new project. */
    static final String METADATA = "template.yml";
    private static final String PLACEHOLDER = "{{name}}";
    private static final String TESTS = "src/test/";

    private final Path directory;

    public TemplateCatalog(@Value("${faas.templates-dir:templates}") Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** Where the templates are looked for. */
    public Path directory() {
        return directory;
    }

    /** Every template with a {@code template.yml}, by name. */
    public List<FunctionTemplate> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(dir -> Files.isRegularFile(dir.resolve(METADATA)))
                    .sorted()
                    .map(this::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the templates in " + directory, e);
        }
    }

    /** The template of this name; only names {@link #list()} gives are found, so no path leaves the directory. */
    public Optional<FunctionTemplate> find(String name) {
        return list().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * The template as a zipped Maven project for function {@code functionName} ({@code {{name}}} replaced, as
     * {@code faas new} does), its handler replaced by {@code handlerSource} when given. The template's tests are
     * written for its own handler, so a project with another handler leaves them out.
     */
    public byte[] project(FunctionTemplate template, String functionName, String handlerSource) {
        Path root = directory.resolve(template.name());
        boolean ownHandler = handlerSource == null || handlerSource.equals(template.handlerSource());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (relative.equals(METADATA) || !ownHandler && relative.startsWith(TESTS)) {
                    continue;
                }
                byte[] content = !ownHandler && relative.equals(template.handlerFile())
                        ? handlerSource.getBytes(StandardCharsets.UTF_8)
                        : render(Files.readAllBytes(file), functionName);
                zip.putNextEntry(new ZipEntry(relative.replace(PLACEHOLDER, functionName)));
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack template '" + template.name() + "' from " + root, e);
        }
        return bytes.toByteArray();
    }

    private FunctionTemplate read(Path dir) {
        try {
            Map<String, String> meta = metadata(Files.readAllLines(dir.resolve(METADATA), StandardCharsets.UTF_8));
            String name = dir.getFileName().toString();
            String handler = meta.getOrDefault("handler", "function.Handler");
            String handlerFile = "src/main/java/" + handler.replace('.', '/') + ".java";
            Path source = dir.resolve(handlerFile);
            String handlerSource = Files.isRegularFile(source) ? Files.readString(source, StandardCharsets.UTF_8) : "";
            return new FunctionTemplate(name, meta.getOrDefault("language", ""), meta.getOrDefault("description", ""),
                    handler, handlerFile, handlerSource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + dir, e);
        }
    }

    /** template.yml is flat {@code key: value} lines; nothing more is needed of YAML here. */
    private static Map<String, String> metadata(List<String> lines) {
        Map<String, String> meta = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#") && !Character.isWhitespace(line.charAt(0))) {
                meta.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return meta;
    }

    /** Text files get the name put in; anything that is not UTF-8 (a binary) is copied as it is. */
    private static byte[] render(byte[] content, String name) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            return text.contains(PLACEHOLDER) ? text.replace(PLACEHOLDER, name).getBytes(StandardCharsets.UTF_8) : content;
        } catch (CharacterCodingException binary) {
            return content;
        }
    }
}
