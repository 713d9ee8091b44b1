package dev.faas.controller.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.faas.controller.function.FunctionKey;
import dev.faas.controller.testsupport.FunctionJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tar target writes an OCI image layout tar, and the catalog remembers the image across restarts. */
class TarImageTest {
    @TempDir
    Path temp;

    @Test
    void theTarTargetWritesAnOciTarAndTheCatalogKeepsItsDigest() throws Exception {
        ImageSettings settings = ImageFixture.settings("tar", "");
        FunctionKey function = ImageFixture.uniqueFunction("tar");
        BuiltImage image = ImageFixture.builder(settings).build(ImageFixture.request(function, "555555555555",
                FunctionJars.artifact(temp, "hello ")), line -> { });

        Path tar = settings.imagesDir().resolve("tars/default").resolve(function.name()).resolve("555555555555.tar");
        Map<String, byte[]> entries = small(tar);
        assertTrue(entries.containsKey("oci-layout"), "an OCI layout tar: " + entries.keySet());
        JsonNode index = new ObjectMapper().readTree(entries.get("index.json"));
        assertEquals(image.digest(), index.path("manifests").get(0).path("digest").asText());
        assertEquals("faas.local/default/" + function.name() + ":555555555555", image.reference());
        JsonNode manifest = new ObjectMapper().readTree(entries.get("blobs/sha256/" + image.digest().substring(7)));
        assertEquals(5, manifest.path("layers").size(), "OS libraries, Java runtime, runtime-java, dependencies, function");

        // A controller started later reads the catalog from disk.
        ImageCatalog reread = new ImageCatalog(settings, new ObjectMapper().registerModule(new JavaTimeModule()));
        assertEquals(image.digest(), reread.find(image.reference()).orElseThrow().digest());
        Files.delete(tar);
    }

    /** The tar's entries of up to 1 MB (index, manifests, config), by name. */
    static Map<String, byte[]> small(Path tar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
                long size = Long.parseLong(new String(header, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
                byte[] content = size <= 1_000_000 ? in.readNBytes((int) size) : null;
                if (content == null) {
                    in.skipNBytes(size);
                } else {
                    entries.put(name, content);
                }
                in.skipNBytes((512 - size % 512) % 512);
            }
        }
        return entries;
    }
}
