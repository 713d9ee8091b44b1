package dev.faas.controller.secret;

import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;
import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encrypted store on disk: what it writes, what it refuses, and how a wrong key shows. */
class SecretStoreTest {
    private static final byte[] VALUE = "s3cr3t-pl41ntext-value".getBytes(StandardCharsets.UTF_8);
    private static final SecretId API_KEY = new SecretId("openfaas-fn", "api-key");

    @TempDir
    Path stateDir;

    private SecretStore store() {
        return new SecretStore(stateDir, null, 512 * 1024);
    }

    @Test
    void storesValuesEncryptedWithAGeneratedPrivateKey() throws Exception {
        SecretStore store = store();
        store.create(API_KEY, VALUE);

        assertEquals("default", API_KEY.namespace(), "openfaas-fn is the default namespace");
        Path file = stateDir.resolve("secrets/default/api-key");
        byte[] onDisk = Files.readAllBytes(file);
        assertFalse(new String(onDisk, StandardCharsets.ISO_8859_1).contains("pl41ntext"), "plaintext on disk");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(stateDir.resolve("secrets.key"))));
        assertEquals(32, Base64.getDecoder().decode(Files.readString(stateDir.resolve("secrets.key")).trim()).length);
        assertArrayEquals(VALUE, store.read(API_KEY).orElseThrow());

        // Each write has its own IV: the same value twice gives different bytes.
        store.update(API_KEY, VALUE);
        assertFalse(java.util.Arrays.equals(onDisk, Files.readAllBytes(file)));

        // A second controller on the same state dir reuses the key file.
        assertArrayEquals(VALUE, store().read(API_KEY).orElseThrow());
        assertEquals(List.of(API_KEY), store().list("default"));
        assertEquals(List.of(), store().list("other"));
    }

    @Test
    void refusesDuplicatesMissingSecretsAndOversizedValues() {
        SecretStore store = store();
        store.create(API_KEY, VALUE);
        SecretRejectedException exists = assertThrows(SecretRejectedException.class, () -> store.create(API_KEY, VALUE));
        assertEquals(HttpStatus.CONFLICT, exists.status());
        assertTrue(exists.getMessage().contains("faas secret update api-key"), exists.getMessage());

        SecretId missing = new SecretId("default", "nope");
        assertEquals(HttpStatus.NOT_FOUND, assertThrows(SecretRejectedException.class,
                () -> store.update(missing, VALUE)).status());
        assertEquals(HttpStatus.NOT_FOUND, assertThrows(SecretRejectedException.class,
                () -> store.delete(missing)).status());

        SecretRejectedException tooLarge = assertThrows(SecretRejectedException.class,
                () -> store.create(new SecretId("default", "big"), new byte[512 * 1024 + 1]));
        assertEquals(HttpStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge.status());
        assertTrue(tooLarge.getMessage().contains("512 KiB"), tooLarge.getMessage());

        store.delete(API_KEY);
        assertTrue(store.read(API_KEY).isEmpty());
    }

    @Test
    void namesMustBeDnsSubdomains() {
        for (String bad : new String[]{"../etc", "a/b", "Upper", ".hidden", "-x", ""}) {
            SecretRejectedException e = assertThrows(SecretRejectedException.class, () -> new SecretId("default", bad));
            assertEquals(HttpStatus.BAD_REQUEST, e.status());
        }
        assertEquals("db.password", new SecretId(null, "db.password").name());
    }

    @Test
    void aWrongKeyNamesTheKeyFileInsteadOfGivingGarbage() throws Exception {
        store().create(API_KEY, VALUE);
        Path keyFile = stateDir.resolve("secrets.key");
        byte[] other = new byte[32];
        other[0] = 1;
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(other));

        SecretUnreadableException e = assertThrows(SecretUnreadableException.class, () -> store().read(API_KEY));
        assertTrue(e.getMessage().contains("key file " + keyFile), e.getMessage());
        assertTrue(e.getMessage().contains("encrypted with another key"), e.getMessage());
    }

    @Test
    void aFileCopiedToAnotherNameDoesNotDecrypt() throws Exception {
        SecretStore store = store();
        store.create(API_KEY, VALUE);
        SecretId copy = new SecretId("default", "copy");
        Files.copy(stateDir.resolve("secrets/default/api-key"), stateDir.resolve("secrets/default/copy"));
        assertThrows(SecretUnreadableException.class, () -> store.read(copy));
    }

    @Test
    void aConfiguredKeyIsUsedAndABadOneIsExplained() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        new SecretStore(stateDir, key, 1024).create(API_KEY, VALUE);
        assertFalse(Files.exists(stateDir.resolve("secrets.key")), "no key file when a key is configured");
        assertArrayEquals(VALUE, new SecretStore(stateDir, key, 1024).read(API_KEY).orElseThrow());

        IllegalStateException shortKey = assertThrows(IllegalStateException.class,
                () -> new SecretStore(stateDir, Base64.getEncoder().encodeToString(new byte[16]), 1024));
        assertTrue(shortKey.getMessage().contains("faas.secrets.key (env FAAS_SECRETS_KEY) holds 16 bytes"),
                shortKey.getMessage());
        assertTrue(assertThrows(IllegalStateException.class, () -> new SecretStore(stateDir, "not base64!", 1024))
                .getMessage().contains("is not base64"));
    }

    @Test
    void functionsGetTheSecretsTheyNameFromTheirOwnNamespace() {
        SecretStore store = store();
        store.create(API_KEY, VALUE);
        store.create(new SecretId("team-b", "api-key"), "other".getBytes(StandardCharsets.UTF_8));
        FunctionSecrets secrets = new FunctionSecrets(store);

        Map<String, byte[]> values = secrets.valuesFor(spec("default", List.of("api-key")));
        assertArrayEquals(VALUE, values.get("api-key"));
        assertEquals(Map.of(), secrets.valuesFor(spec("default", List.of())));

        InvalidFunctionException missing = assertThrows(InvalidFunctionException.class,
                () -> secrets.requireExisting(spec("default", List.of("api-key", "db-password"))));
        assertEquals("secret 'db-password' does not exist in namespace 'default'; create it with "
                + "`faas secret create db-password`", missing.getMessage());
        assertTrue(assertThrows(InvalidFunctionException.class,
                () -> secrets.requireExisting(spec("team-c", List.of("api-key")))).getMessage()
                .contains("--namespace team-c"));
    }

    private static FunctionSpec spec(String namespace, List<String> secrets) {
        return new FunctionSpec("fn", namespace, "faas.local/" + namespace + "/fn:1", null, null, null, secrets,
                null, null, null, null, false, null);
    }
}
