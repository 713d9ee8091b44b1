package dev.faas.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic runtime's warm-up goes through a specialization's real path: a class defined from a jar. */
class GenericWarmupTest {

    @TempDir
    Path dir;

    @Test
    void definesItsFunctionFromTheJarInALoaderOfItsOwnAndLeavesNoDirectoryBehind() throws Exception {
        String entry = GenericWarmup.WarmupFunction.class.getName().replace('.', '/') + ".class";
        Path jar = dir.resolve("runtime.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             InputStream in = GenericWarmup.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = warmupDirectories(tmp);

        Class<?> defined = GenericWarmup.functionFromAJar(jar);

        assertEquals(GenericWarmup.WarmupFunction.class.getName(), defined.getName());
        assertNotSame(GenericWarmup.class.getClassLoader(), defined.getClassLoader(),
                "defined from the jar, not found in the runtime's class path");
        assertEquals(Function.class, defined.getInterfaces()[0]);
        assertEquals(before, warmupDirectories(tmp), "the warm-up's function directory is removed");
    }

    private static long warmupDirectories(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("faas-warmup")).count();
        }
    }
}
