package dev.faas.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faas.function.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A function reads its secrets through its context, from the directory the controller names. */
class SecretsTest {

    @TempDir
    Path secretsDir;

    private Context context() {
        RuntimeConfig config = RuntimeConfig.fromEnv(Map.of("FAAS_SECRETS_DIR", secretsDir.toString()));
        return new RuntimeServer(config).context();
    }

    @Test
    void readsTheSecretFileByName() throws Exception {
        Files.writeString(secretsDir.resolve("api-key"), "k3y-välue");
        Files.write(secretsDir.resolve("cert"), new byte[]{0, 1, (byte) 0xff});

        assertEquals(Optional.of("k3y-välue"), context().secret("api-key"));
        assertArrayEquals(new byte[]{0, 1, (byte) 0xff}, context().secretBytes("cert").orElseThrow());
        assertEquals(Optional.empty(), context().secret("not-given"));
    }

    @Test
    void rejectsNamesThatLeaveTheDirectory() throws Exception {
        Files.writeString(secretsDir.getParent().resolve("outside"), "no");
        for (String bad : new String[]{"../outside", "a/b", "..", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> context().secret(bad));
            assertTrue(e.getMessage().contains("invalid secret name"), e.getMessage());
        }
    }

    @Test
    void withoutTheVariableAMissingSecretIsEmptyNotAnError() {
        RuntimeConfig config = RuntimeConfig.fromEnv(Map.of());
        // Nothing is mounted at /var/openfaas/secrets on a build machine: no secret, and no error.
        Optional<String> secret = new RuntimeServer(config).context().secret("surely-not-mounted-here");
        assertEquals(Optional.empty(), secret);
    }
}
