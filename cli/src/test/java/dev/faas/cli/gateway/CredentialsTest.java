package dev.faas.cli.gateway;

import dev.faas.cli.TestConsole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialsTest {

    @TempDir
    Path home;

    @Test
    void generatesAPrivateFileOnceAndReadsItBack() throws Exception {
        Path file = home.resolve("credentials");
        Credentials generated = Credentials.readOrGenerate(file);

        assertEquals("admin", generated.username());
        assertTrue(generated.password().length() >= 24);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(generated, Credentials.readOrGenerate(file));
        assertFalse(generated.toString().contains(generated.password()));
    }

    @Test
    void environmentWinsOverTheFile() throws Exception {
        Files.writeString(home.resolve("credentials"), "username=file\npassword=from-file\n");
        TestConsole withEnv = new TestConsole(Map.of("FAAS_USERNAME", "env", "FAAS_PASSWORD", "from-env"), home, null, null);
        TestConsole withoutEnv = new TestConsole(Map.of(), home, null, null);

        assertEquals(new Credentials("env", "from-env"), Credentials.load(withEnv.context()).orElseThrow());
        assertEquals(new Credentials("file", "from-file"), Credentials.load(withoutEnv.context()).orElseThrow());
    }
}
