package dev.faas.cli.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SourceArchiveTest {

    @TempDir
    Path dir;

    private void project() throws Exception {
        Files.createDirectories(dir.resolve("src/main/java/function"));
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Files.writeString(dir.resolve("src/main/java/function/Handler.java"), "class Handler {}");
        Files.createDirectories(dir.resolve("target/classes"));
        Files.writeString(dir.resolve("target/classes/Handler.class"), "binary");
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref");
    }

    @Test
    void sameDirectoryGivesSameBytesEvenWhenTimestampsChange() throws Exception {
        project();
        SourceArchive first = SourceArchive.of(dir);
        Files.setLastModifiedTime(dir.resolve("pom.xml"), FileTime.fromMillis(1_000_000_000_000L));
        SourceArchive second = SourceArchive.of(dir);

        assertArrayEquals(first.bytes(), second.bytes());
        assertEquals(first.sha256(), second.sha256());
        assertEquals(12, first.tag().length());
        assertEquals(first.sha256().substring(0, 12), first.tag());
    }

    @Test
    void excludesTargetAndDotDirectoriesAndSortsEntries() throws Exception {
        project();
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(SourceArchive.of(dir).bytes()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("pom.xml", "src/main/java/function/Handler.java"), names);
    }

    @Test
    void changedSourceChangesTheDigestButBuildOutputDoesNot() throws Exception {
        project();
        String before = SourceArchive.of(dir).sha256();
        Files.writeString(dir.resolve("target/classes/Handler.class"), "rebuilt");
        assertEquals(before, SourceArchive.of(dir).sha256());
        Files.writeString(dir.resolve("src/main/java/function/Handler.java"), "class Handler { int x; }");
        assertNotEquals(before, SourceArchive.of(dir).sha256());
    }
}
