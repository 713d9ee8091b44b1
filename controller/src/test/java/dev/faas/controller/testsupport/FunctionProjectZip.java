package dev.faas.controller.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A minimal function project (reproducible pom + a handler) zipped as {@code POST /system/builds} takes it. */
public final class FunctionProjectZip {
    /** A pom that builds {@code target/function.jar} offline with pinned plugins, reproducibly. */
    public static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>test</groupId><artifactId>fn</artifactId><version>1</version><packaging>jar</packaging>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                <project.build.outputTimestamp>2020-01-01T00:00:00Z</project.build.outputTimestamp>
              </properties>
              <build>
                <finalName>function</finalName>
                <plugins>
                  <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                  <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                  <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
                  <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                </plugins>
              </build>
            </project>
            """;
    /** A handler that compiles: {@code hello <input>}. */
    public static final String GOOD_HANDLER = """
            package function;

            public class Handler {
                public String handle(String input) {
                    return "hello " + input;
                }
            }
            """;

    private FunctionProjectZip() {
    }

    /** The project's files: the pom and {@code handler} as {@code function.Handler}. */
    public static Map<String, String> project(String handler) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pom.xml", POM);
        files.put("src/main/java/function/Handler.java", handler);
        return files;
    }

    /** Zips the files (path → text). */
    public static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
