package dev.faas.controller.build;

import dev.faas.controller.function.FunctionKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** References of our image registry name the same artifacts as {@code faas.local/...}. */
class ArtifactStoreTest {
    @TempDir
    Path temp;

    @Test
    void theConfiguredImageRegistryNamesTheSameArtifact() throws Exception {
        Path target = Files.createDirectories(temp.resolve("target"));
        Files.writeString(target.resolve("function.jar"), "jar");
        ArtifactStore store = new ArtifactStore(temp.resolve("state"), "127.0.0.1:5000");
        String image = store.install(new FunctionKey("default", "hello"), "0123456789ab", target);

        assertEquals("faas.local/default/hello:0123456789ab", image);
        Path artifact = store.artifactFor(image).orElseThrow();
        assertEquals(artifact, store.artifactFor("127.0.0.1:5000/default/hello:0123456789ab").orElseThrow());
        assertTrue(store.artifactFor("127.0.0.2:5000/default/hello:0123456789ab").isEmpty(), "another registry");
        assertTrue(new ArtifactStore(temp.resolve("state"), "").artifactFor("127.0.0.1:5000/default/hello:0123456789ab")
                .isEmpty(), "without an image registry only faas.local names artifacts");
    }
}
