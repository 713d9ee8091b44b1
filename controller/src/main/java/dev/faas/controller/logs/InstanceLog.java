package dev.faas.controller.logs;

import java.util.List;

/**
 * A reader of one instance's output, whatever keeps it (a file, the container engine): first its recent
 * lines, then, call by call, whatever it writes next. Close it when done.
 */
public interface InstanceLog extends AutoCloseable {

    /** The last {@code lines} lines written so far (all when negative), oldest first. */
    List<InstanceLogLine> tail(int lines);

    /** Lines written since the previous {@code tail} or {@code next}; never blocks, may be empty. */
    List<InstanceLogLine> next();

    @Override
    void close();
}
