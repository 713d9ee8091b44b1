package dev.faas.cli.command;

import dev.faas.cli.TestConsole;
import dev.faas.cli.stack.StackFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NewCommandTest {

    @TempDir
    Path install;
    @TempDir
    Path work;

    private TestConsole console;

    @BeforeEach
    void template() throws Exception {
        Path java = Files.createDirectories(install.resolve("templates/java/src/main/java/function"));
        Files.writeString(install.resolve("templates/java/pom.xml"), "<artifactId>{{name}}</artifactId>");
        Files.writeString(java.resolve("Handler.java"), "// function {{name}}\nclass Handler {}");
        Files.write(install.resolve("templates/java/logo.bin"), new byte[]{(byte) 0xff, (byte) 0xfe, '{', '{'});
        Files.writeString(install.resolve("templates/java/template.yml"), "name: java\n");
        Files.createDirectories(install.resolve("templates/java-function"));
        console = new TestConsole(Map.of(), work.resolve(".faas"), install, null);
    }

    @Test
    void copiesTheTemplateWithTheNameAndWritesAStackFile() throws Exception {
        int code = console.run("new", "greet", "--dir", work.toString());

        assertEquals(0, code, console.err());
        assertEquals("<artifactId>greet</artifactId>", Files.readString(work.resolve("greet/pom.xml")));
        assertEquals("// function greet\nclass Handler {}",
                Files.readString(work.resolve("greet/src/main/java/function/Handler.java")));
        assertEquals(4, Files.readAllBytes(work.resolve("greet/logo.bin")).length);
        assertFalse(Files.exists(work.resolve("greet/template.yml")), "template metadata stays in the template");
        StackFile stack = StackFile.read(work.resolve("greet.yml"));
        assertEquals(work.resolve("greet").toAbsolutePath(), stack.functions().get("greet").handler());
        assertEquals("java", stack.functions().get("greet").lang());
        assertEquals("http://127.0.0.1:8080", stack.gateway());
    }

    @Test
    void invalidNameExitsOneWithTheReason() {
        int code = console.run("new", "Hello_World", "--dir", work.toString());

        assertEquals(1, code);
        assertTrue(console.err().startsWith("faas: invalid function name 'Hello_World'"), console.err());
        assertFalse(Files.exists(work.resolve("Hello_World")));
    }

    @Test
    void existingDirectoryIsAnError() throws Exception {
        Files.createDirectories(work.resolve("greet"));
        int code = console.run("new", "greet", "--dir", work.toString());

        assertEquals(1, code);
        assertTrue(console.err().contains("already exists"), console.err());
        assertFalse(Files.exists(work.resolve("greet.yml")));
    }

    @Test
    void unknownTemplateListsTheAvailableOnes() {
        int code = console.run("new", "greet", "--template", "python", "--dir", work.toString());

        assertEquals(1, code);
        assertTrue(console.err().contains("unknown template 'python' — available: java, java-function"), console.err());
    }
}
