package dev.faas.cli.gateway;

import dev.faas.cli.CliContext;
import dev.faas.cli.CliException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/** The Basic-auth user name and password shared by the CLI, the router and the controller. */
public record Credentials(String username, String password) {

    /** The file name under {@code $FAAS_HOME}. */
    public static final String FILE_NAME = "credentials";

    public Credentials {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("credentials need a user name and a password");
        }
    }

    /** The {@code Authorization} header value. */
    public String basicAuthHeader() {
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** Never shows the password (records would otherwise print it). */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }

    /** Where the credentials file lives. */
    public static Path file(CliContext context) {
        return context.faasHome().resolve(FILE_NAME);
    }

    /** Where {@link #load} takes the credentials from, for messages: the variables' names or the file. */
    public static String source(CliContext context) {
        return context.envValue("FAAS_USERNAME") != null && context.envValue("FAAS_PASSWORD") != null
                ? "FAAS_USERNAME/FAAS_PASSWORD"
                : file(context).toString();
    }

    /** $FAAS_USERNAME/$FAAS_PASSWORD when both are set, else the credentials file, else nothing. */
    public static Optional<Credentials> load(CliContext context) {
        String user = context.envValue("FAAS_USERNAME");
        String password = context.envValue("FAAS_PASSWORD");
        if (user != null && password != null) {
            return Optional.of(new Credentials(user, password));
        }
        Path file = file(context);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(read(file));
    }

    /** Reads a file of {@code username=...} and {@code password=...} lines. */
    public static Credentials read(Path file) {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new CliException("cannot read the credentials file " + file + ": " + e.getMessage(), e);
        }
        String user = properties.getProperty("username", "").trim();
        String password = properties.getProperty("password", "").trim();
        if (user.isEmpty() || password.isEmpty()) {
            throw new CliException("the credentials file " + file + " needs a 'username=' and a 'password=' line"
                    + " — fix it, or delete it and run ./faas up to generate a new one");
        }
        return new Credentials(user, password);
    }

    /** The existing credentials file, or a new one for {@code admin} with a random password (mode 600). */
    public static Credentials readOrGenerate(Path file) {
        if (Files.isRegularFile(file)) {
            return read(file);
        }
        Credentials generated = new Credentials("admin", randomPassword());
        try {
            Files.createDirectories(file.getParent());
            Path created = createPrivateFile(file);
            Files.writeString(created, "username=" + generated.username() + "\npassword=" + generated.password() + "\n",
                    StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException e) {
            return read(file); // another faas up won the race: use its password
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the credentials file " + file, e);
        }
        return generated;
    }

    private static Path createPrivateFile(Path file) throws IOException {
        try {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createFile(file);
        }
    }

    private static String randomPassword() {
        // 24 random bytes → 32 URL-safe characters: no quoting trouble in env vars, headers or shells.
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
