package dev.faas.router.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.AttributeKey;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keep-alive connections to instances for the fast path, pooled per event loop and instance URL, so that a call's
 * inbound and outbound channels share one thread and nothing crosses threads on the way.
 */
@Singleton
public class UpstreamPools {
    /** The call an upstream connection currently serves; its handler hands every event to it. */
    static final AttributeKey<FastForwardHandler.Exchange> EXCHANGE = AttributeKey.valueOf("faas.exchange");

    private final Map<EventLoop, Map<String, UpstreamPool>> pools = new ConcurrentHashMap<>();

    /** The pool for one instance on the given channel's event loop. */
    UpstreamPool pool(Channel inbound, String baseUrl) {
        return pools.computeIfAbsent(inbound.eventLoop(), loop -> new ConcurrentHashMap<>())
                .computeIfAbsent(baseUrl, url -> create(inbound, URI.create(url)));
    }

    private static UpstreamPool create(Channel inbound, URI base) {
        int port = base.getPort() < 0 ? 80 : base.getPort();
        Bootstrap bootstrap = new Bootstrap()
                .group(inbound.eventLoop())
                .channel(inbound.getClass().asSubclass(Channel.class))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .remoteAddress(base.getHost(), port);
        // Last used first: a warm connection is preferred; health checked on acquire and release.
        ChannelPool connections = new SimpleChannelPool(bootstrap, new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), UpstreamEvents.INSTANCE);
            }
        }, UpstreamPool.FRESH, true, true);
        return new UpstreamPool(connections, base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + port);
    }

    @PreDestroy
    void close() {
        pools.values().forEach(byUrl -> byUrl.values().forEach(UpstreamPool::close));
    }

    /** Passes an upstream connection's responses, writability and closing to the call it serves. */
    @Sharable
    static final class UpstreamEvents extends ChannelInboundHandlerAdapter {
        static final UpstreamEvents INSTANCE = new UpstreamEvents();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            FastForwardHandler.Exchange exchange = ctx.channel().attr(EXCHANGE).get();
            if (exchange == null) {
                // Nothing asked for it (e.g. a late byte on an idle connection): drop it and the connection.
                io.netty.util.ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            exchange.fromUpstream(msg);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            FastForwardHandler.Exchange exchange = ctx.channel().attr(EXCHANGE).get();
            if (exchange != null) {
                exchange.upstreamWritabilityChanged();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            FastForwardHandler.Exchange exchange = ctx.channel().attr(EXCHANGE).getAndSet(null);
            if (exchange != null) {
                exchange.upstreamClosed(null);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            FastForwardHandler.Exchange exchange = ctx.channel().attr(EXCHANGE).getAndSet(null);
            if (exchange != null) {
                exchange.upstreamClosed(cause);
            }
            ctx.close();
        }
    }
}
