package dev.faas.controller.image;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The images built here, by reference, persisted as {@code <state>/images/catalog.json} (written atomically) so
 * that function status shows an image's digest after a controller restart too.
 */
@Singleton
public class ImageCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCatalog.class);

    private final Path file;
    private final ObjectMapper json;
    private final Map<String, BuiltImage> images = new TreeMap<>();

    public ImageCatalog(ImageSettings settings, ObjectMapper json) {
        this.file = settings.imagesDir().resolve("catalog.json");
        this.json = json;
        load();
    }

    /** The image built under this reference, if any. */
    public synchronized Optional<BuiltImage> find(String reference) {
        return reference == null ? Optional.empty() : Optional.ofNullable(images.get(reference.trim()));
    }

    /** Records (or replaces) an image and saves the catalog. */
    public synchronized void record(BuiltImage image) {
        images.put(image.reference(), image);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".catalog", ".json");
            Files.write(temp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(images));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // The image exists; only its digest would be missing from status after a restart.
            LOG.warn("Cannot save the image catalog {}: {}", file, e.getMessage());
        }
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            images.putAll(json.readValue(file.toFile(), new TypeReference<Map<String, BuiltImage>>() { }));
        } catch (IOException e) {
            LOG.warn("Ignoring the unreadable image catalog {} ({}); it is rewritten by the next image build",
                    file, e.getMessage());
        }
    }
}
