package dev.faas.controller.build;

import dev.faas.controller.function.FunctionKey;

import java.nio.file.Path;
import java.time.Instant;

/** One build in progress or done: its identity, where it works, its log, and its current status. */
public class Build {
    private final String id;
    private final FunctionKey function;
    private final String tag;
    private final Path directory;
    private final BuildLog log;
    private volatile BuildStatus status;

    public Build(String id, FunctionKey function, String tag, Path directory, BuildLog log) {
        this.id = id;
        this.function = function;
        this.tag = tag;
        this.directory = directory;
        this.log = log;
        this.status = new BuildStatus(id, function.name(), function.namespace(), BuildStatus.RUNNING, null, null,
                Instant.now(), null);
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

    void succeed(String image) {
        finish(BuildStatus.SUCCEEDED, image, null);
    }

    void fail(String error) {
        finish(BuildStatus.FAILED, null, error);
    }

    private void finish(String outcome, String image, String error) {
        BuildStatus s = status;
        status = new BuildStatus(s.id(), s.name(), s.namespace(), outcome, image, error, s.startedAt(), Instant.now());
        log.append("build " + outcome + (error == null ? ": " + image : ": " + error));
        log.close();
    }
}
