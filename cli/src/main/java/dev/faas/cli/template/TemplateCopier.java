package dev.faas.cli.template;

import dev.faas.cli.CliException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Copies a function template directory to a new project, putting the function's name in for {@code {{name}}}. */
public final class TemplateCopier {

    private static final String PLACEHOLDER = "{{name}}";
    /** The template's own description; it describes the template, not the new project. */
    private static final String METADATA = "template.yml";

    private final Path templatesDir;

    public TemplateCopier(Path templatesDir) {
        this.templatesDir = templatesDir;
    }

    /** The names of the available templates, sorted. */
    public List<String> available() {
        if (!Files.isDirectory(templatesDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(templatesDir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new CliException("cannot list templates in " + templatesDir + ": " + e.getMessage(), e);
        }
    }

    /** Copies template {@code template} to {@code target} (which must not exist yet). */
    public void copy(String template, Path target, String name) {
        Path source = templatesDir.resolve(template);
        if (!Files.isDirectory(source) || template.contains("/") || template.startsWith(".")) {
            List<String> known = available();
            throw new CliException("unknown template '" + template + "' — available: "
                    + (known.isEmpty() ? "none (no templates in " + templatesDir + ")" : String.join(", ", known)));
        }
        if (Files.exists(target)) {
            throw new CliException(target + " already exists — choose another name or --dir, or remove it first");
        }
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path from : walk.sorted().toList()) {
                if (from.equals(source.resolve(METADATA))) {
                    continue;
                }
                String relative = source.relativize(from).toString().replace(PLACEHOLDER, name);
                Path to = target.resolve(relative);
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.write(to, render(Files.readAllBytes(from), name));
                    if (Files.isExecutable(from)) {
                        to.toFile().setExecutable(true);
                    }
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot copy template '" + template + "' to " + target + ": " + e.getMessage(), e);
        }
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
