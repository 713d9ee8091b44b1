package dev.faas.controller.image;

import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.testsupport.FunctionJars;
import dev.faas.controller.testsupport.LoopbackRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Function images pushed to a real registry (Debian's docker-registry on loopback). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryImageTest {
    @TempDir
    Path temp;

    private LoopbackRegistry registry;
    private FunctionImageBuilder images;

    @BeforeAll
    void startRegistry(@TempDir Path registryDir) throws Exception {
        registry = LoopbackRegistry.start(registryDir, false);
        images = ImageFixture.builder(ImageFixture.settings("registry", registry.address()));
    }

    @AfterAll
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theSameSourceBuildsTheSameDigestTwice() throws Exception {
        FunctionKey function = ImageFixture.uniqueFunction("same");
        Path artifact = FunctionJars.artifact(temp.resolve("one"), "hello ");
        BuiltImage first = images.build(ImageFixture.request(function, "0123456789ab", artifact), line -> { });

        // A rebuild of the same source: fresh files with new times, pushed to another tag.
        Path again = FunctionJars.artifact(temp.resolve("two"), "hello ");
        Files.setLastModifiedTime(again.resolve("function.jar"), FileTime.from(Instant.now().plusSeconds(60)));
        BuiltImage second = images.build(ImageFixture.request(function, "ba9876543210", again), line -> { });

        assertTrue(first.digest().startsWith("sha256:"), first.digest());
        assertEquals(first.digest(), second.digest(), "same source, same manifest digest");
        assertEquals(first.imageId(), second.imageId());
        assertEquals(registry.address() + "/default/" + function.name() + ":0123456789ab", first.reference());
    }

    @Test
    void aHandlerChangePushesOnlyTheTopLayer() throws Exception {
        FunctionKey function = ImageFixture.uniqueFunction("incr");
        ImageFixture.Lines firstLog = new ImageFixture.Lines();
        BuiltImage v1 = images.build(ImageFixture.request(function, "111111111111",
                FunctionJars.artifact(temp.resolve("v1"), "hello ")), firstLog::add);
        ImageFixture.Lines secondLog = new ImageFixture.Lines();
        BuiltImage v2 = images.build(ImageFixture.request(function, "222222222222",
                FunctionJars.artifact(temp.resolve("v2"), "good day ")), secondLog::add);

        assertNotEquals(v1.digest(), v2.digest());
        // Our own base: OS libraries, Java runtime, runtime-java, dependencies, function.
        assertEquals(5, firstLog.count(" pushed"), "a new repository gets every layer:\n" + firstLog);
        assertEquals(1, secondLog.count(" pushed"), "only the function layer is pushed again:\n" + secondLog);
        assertEquals(4, secondLog.count(" already present"), secondLog.toString());
        assertTrue(secondLog.toString().contains("layer function sha256:"), secondLog.toString());

        String repository = "default/" + function.name();
        List<String> before = RegistryManifest.fetch(registry.address(), repository, v1.digest(), true).digests();
        List<String> after = RegistryManifest.fetch(registry.address(), repository, v2.digest(), true).digests();
        assertEquals(5, after.size());
        assertEquals(before.subList(0, 4), after.subList(0, 4), "all layers but the last are shared");
        assertNotEquals(before.get(4), after.get(4));
    }

    @Test
    void aRegistryThatRefusesThePushFailsTheBuildWithItsReason(@TempDir Path readOnlyDir) throws Exception {
        try (LoopbackRegistry readOnly = LoopbackRegistry.start(readOnlyDir, true)) {
            FunctionImageBuilder refused = ImageFixture.builder(ImageFixture.settings("registry", readOnly.address()));
            FunctionKey function = ImageFixture.uniqueFunction("refused");
            ImageBuildException e = assertThrows(ImageBuildException.class, () -> refused.build(
                    ImageFixture.request(function, "333333333333", FunctionJars.artifact(temp.resolve("ro"), "hi ")),
                    line -> { }));
            assertTrue(e.getMessage().contains("registry " + readOnly.address()), e.getMessage());
            // docker-registry in read-only mode answers an upload with 405 and the body "Method not allowed".
            assertTrue(e.getMessage().contains("405"), e.getMessage());
            assertTrue(e.getMessage().contains("Method not allowed"), e.getMessage());
        }
    }
}
