package dev.faas.controller.build;

import dev.faas.controller.function.FunctionKey;

import java.nio.file.Path;
import java.time.Instant;

/** One build in progress or done: its identity, where it works, its log, and its current status. */
public class Build {
    private static final int TAG_LENGTH = 12;
    private final String id;
    private final FunctionKey function;
    private final String tag;
    private final String sourceDigest;
    private final String template;
    private final Path directory;
    private final BuildLog log;
    private volatile BuildStatus status;

    public Build(String id, FunctionKey function, String sourceDigest, String template, Path directory, BuildLog log) {
        this.id = id;
        this.function = function;
        this.tag = sourceDigest.substring(0, TAG_LENGTH);
        this.sourceDigest = sourceDigest;
        this.template = template;
        this.directory = directory;
        this.log = log;
        this.status = new BuildStatus(id, function.name(), function.namespace(), BuildStatus.RUNNING, null, null,
                null, Instant.now(), null);
    }

    public String id() {
        return id;
    }

    public FunctionKey function() {
        return function;
    }

    /** The first 12 hex digits of the source archive's sha256. */
    public String tag() {
        return tag;
    }

    /** The full sha256 (hex) of the source archive. */
    public String sourceDigest() {
        return sourceDigest;
    }

    /** The template the function was made from, as the client said (may be empty). */
    public String template() {
        return template;
    }

    /** The unpacked Maven project. */
    public Path sourceDirectory() {
        return directory.resolve("src");
    }

    public BuildLog log() {
        return log;
    }

    public BuildStatus status() {
        return status;
    }

    void succeed(String image, String digest) {
        finish(BuildStatus.SUCCEEDED, image, digest, null);
    }

    void fail(String error) {
        finish(BuildStatus.FAILED, null, null, error);
    }

    private void finish(String outcome, String image, String digest, String error) {
        BuildStatus s = status;
        status = new BuildStatus(s.id(), s.name(), s.namespace(), outcome, image, digest, error, s.startedAt(),
                Instant.now());
        log.append("build " + outcome + (error == null ? ": " + image : ": " + error));
        log.close();
    }
}
