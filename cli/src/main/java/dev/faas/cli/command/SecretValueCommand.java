package dev.faas.cli.command;

import dev.faas.cli.CliContext;
import dev.faas.cli.CliException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of {@code secret create} and {@code secret update}: a name and a value from {@code --from-literal},
 * {@code --from-file} or standard input, sent in the OpenFaaS secret shape. The value is never printed.
 */
abstract class SecretValueCommand extends ContextCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "Secret name (lower-case letters, digits, '-' and '.')")
    String name;

    @Option(names = "--from-literal", paramLabel = "VALUE", description = "The value as text")
    String literal;

    @Option(names = "--from-file", paramLabel = "FILE", description = "Read the value from this file (bytes kept as they are)")
    Path file;

    SecretValueCommand(CliContext context) {
        super(context);
    }

    /** The request body: {@code value} for a literal, base64 {@code rawValue} for file or stdin bytes. */
    protected Map<String, Object> requestBody() {
        if (name == null || name.isBlank()) {
            throw new CliException("give the secret's name, e.g. 'faas secret create api-key --from-literal ...'");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("namespace", options.namespace());
        if (literal != null && file != null) {
            throw new CliException("give the value of secret '" + name + "' once: --from-literal or --from-file, not both");
        }
        if (literal != null) {
            body.put("value", literal);
        } else {
            body.put("rawValue", Base64.getEncoder().encodeToString(file != null ? readFile() : readStdin()));
        }
        return body;
    }

    private byte[] readFile() {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException("cannot read the value of secret '" + name + "': file " + file + " does not exist");
        } catch (IOException e) {
            throw new CliException("cannot read the value of secret '" + name + "' from " + file + ": " + e.getMessage(), e);
        }
    }

    private byte[] readStdin() {
        if (context.stdinIsTty()) {
            throw new CliException("no value for secret '" + name + "': give --from-literal VALUE, --from-file FILE, "
                    + "or pipe it on standard input");
        }
        try {
            return context.in().readAllBytes();
        } catch (IOException e) {
            throw new CliException("cannot read the value of secret '" + name + "' from standard input: " + e.getMessage(), e);
        }
    }
}
