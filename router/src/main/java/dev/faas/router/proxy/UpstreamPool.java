package dev.faas.router.proxy;

import io.netty.channel.Channel;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.ChannelPool;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;

import java.time.Duration;

/**
 * Keep-alive connections to one instance on one event loop, with the {@code Host} header calls to it carry. A
 * connection idle for longer than {@link #MAX_IDLE} is not reused: the instance may be closing it at that very
 * moment, and a call written into a connection the server is closing would fail after it was sent, where it
 * cannot be retried.
 */
final class UpstreamPool {
    /**
     * Well under the idle timeouts servers use (JDK HttpServer 30 s, Go 90 s, nginx 75 s), so the router always
     * gives up an idle connection before the instance does.
     */
    static final Duration MAX_IDLE = Duration.ofSeconds(5);

    private static final AttributeKey<Long> IDLE_SINCE = AttributeKey.valueOf("faas.idle-since");

    /** Healthy: open, and not idle for longer than {@link #MAX_IDLE}. */
    static final ChannelHealthChecker FRESH = channel -> {
        Long idleSince = channel.attr(IDLE_SINCE).get();
        boolean fresh = channel.isActive()
                && (idleSince == null || System.nanoTime() - idleSince < MAX_IDLE.toNanos());
        return channel.eventLoop().newSucceededFuture(fresh);
    };

    private final ChannelPool connections;
    private final String host;

    UpstreamPool(ChannelPool connections, String host) {
        this.connections = connections;
        this.host = host;
    }

    /** The {@code Host} header for calls to this instance, e.g. {@code 127.0.0.1:40123}. */
    String host() {
        return host;
    }

    /** A connection, reused when a fresh one is idle, else a new one. */
    Future<Channel> acquire() {
        return connections.acquire();
    }

    /** Gives the connection back; its idle time starts now. */
    void release(Channel channel) {
        channel.attr(IDLE_SINCE).set(System.nanoTime());
        connections.release(channel);
    }

    void close() {
        connections.close();
    }
}
