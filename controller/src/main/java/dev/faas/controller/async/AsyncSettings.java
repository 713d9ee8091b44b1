package dev.faas.controller.async;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Settings of asynchronous calls ({@code faas.async.*}); see docs/DESIGN.md, "Asynchronous calls". */
@Singleton
public class AsyncSettings {
    private final Path stateDir;
    private final URI gatewayUrl;
    private final int workers;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration callTimeout;
    private final int callbackMaxAttempts;
    private final Duration callbackTimeout;

    public AsyncSettings(@Value("${faas.state-dir}") Path stateDir,
                         @Value("${faas.gateway-url}") URI gatewayUrl,
                         @Value("${faas.async.workers:8}") int workers,
                         @Value("${faas.async.max-attempts:3}") int maxAttempts,
                         @Value("${faas.async.backoff.initial:1s}") Duration backoffInitial,
                         @Value("${faas.async.backoff.max:1m}") Duration backoffMax,
                         @Value("${faas.async.call-timeout:5m}") Duration callTimeout,
                         @Value("${faas.async.callback.max-attempts:5}") int callbackMaxAttempts,
                         @Value("${faas.async.callback.timeout:10s}") Duration callbackTimeout) {
        this.stateDir = stateDir;
        this.gatewayUrl = gatewayUrl;
        this.workers = Math.max(1, workers);
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = new Backoff(backoffInitial, backoffMax);
        this.callTimeout = callTimeout;
        this.callbackMaxAttempts = Math.max(1, callbackMaxAttempts);
        this.callbackTimeout = callbackTimeout;
    }

    /** {@code <state-dir>/async}: the embedded queue, call records and pending callbacks live here. */
    public Path directory() {
        return stateDir.resolve("async");
    }

    /** The router; workers call functions through it, so limits, activation and cold starts apply. */
    public URI gatewayUrl() {
        return gatewayUrl;
    }

    /** Calls run at once by this controller. */
    public int workers() {
        return workers;
    }

    /** Attempts per call before it becomes a dead letter. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait between attempts (of calls and of callbacks). */
    public Backoff backoff() {
        return backoff;
    }

    /** Longest wait for a function's answer per attempt. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** Attempts to deliver a result to its callback URL. */
    public int callbackMaxAttempts() {
        return callbackMaxAttempts;
    }

    /** Longest wait for a callback target's answer. */
    public Duration callbackTimeout() {
        return callbackTimeout;
    }
}
