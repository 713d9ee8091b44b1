package dev.faas.controller.build;

import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SourceArchiveTest {

    @Test
    void refusesArchivesOverTheCapWith413(@TempDir Path dir) {
        BuildRejectedException e = assertThrows(BuildRejectedException.class,
                () -> SourceArchive.receive(new ByteArrayInputStream(new byte[2048]), dir.resolve("a.zip"), 1024));
        assertEquals(HttpStatus.REQUEST_ENTITY_TOO_LARGE, e.status());
    }

    @Test
    void hashesWhatItStores(@TempDir Path dir) throws Exception {
        String sha = SourceArchive.receive(new ByteArrayInputStream("abc".getBytes()), dir.resolve("a.zip"), 1024);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", sha);
    }
}
