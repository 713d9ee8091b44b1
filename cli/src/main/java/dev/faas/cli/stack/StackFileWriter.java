package dev.faas.cli.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.faas.cli.CliException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a new stack file, or adds a function to an existing one (used by {@code faas new}). */
public final class StackFileWriter {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private StackFileWriter() {
    }

    /** Adds {@code functions.NAME: {lang, handler}} to the file, creating it with a provider section if needed. */
    public static void addFunction(Path file, String gateway, String name, String lang, String handler) {
        try {
            ObjectNode root = Files.isRegularFile(file) && Files.size(file) > 0
                    ? (ObjectNode) YAML.readTree(file.toFile())
                    : YAML.createObjectNode();
            if (!root.has("version")) {
                root.put("version", "1.0");
            }
            if (!root.has("provider")) {
                root.putObject("provider").put("name", "faas").put("gateway", gateway);
            }
            ObjectNode functions = root.has("functions") && root.get("functions").isObject()
                    ? (ObjectNode) root.get("functions")
                    : root.putObject("functions");
            if (functions.has(name)) {
                throw new CliException("function '" + name + "' is already in " + file + " — pick another name");
            }
            functions.putObject(name).put("lang", lang).put("handler", handler);
            YAML.writeValue(file.toFile(), root);
        } catch (ClassCastException e) {
            throw new CliException("cannot add '" + name + "' to " + file + ": it is not a stack file (expected a YAML mapping)");
        } catch (IOException e) {
            throw new CliException("cannot write stack file " + file + ": " + e.getMessage(), e);
        }
    }
}
