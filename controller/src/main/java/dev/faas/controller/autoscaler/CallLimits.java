package dev.faas.controller.autoscaler;

/**
 * The hard limits routers apply to a function's calls (as opposed to the soft scaling target).
 *
 * @param concurrency most calls one instance gets at once, 0 for no limit (label {@code dev.faas.concurrency})
 * @param queueSize   most calls a router lets wait for a free instance or a scale-up before answering 429
 *                    (label {@code dev.faas.queue-size}, at least 1)
 */
public record CallLimits(int concurrency, int queueSize) {
    /** Queue size of a function without the label. */
    public static final int DEFAULT_QUEUE_SIZE = 1000;
}
