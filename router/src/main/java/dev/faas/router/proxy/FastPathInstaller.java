package dev.faas.router.proxy;

import dev.faas.router.activator.Activator;
import dev.faas.router.config.RouterSettings;
import dev.faas.router.endpoints.ControllerClient;
import dev.faas.router.endpoints.EndpointCache;
import dev.faas.router.metrics.RouterMetrics;
import dev.faas.router.queue.CallQueues;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;

/**
 * Puts a {@link FastForwardHandler} in front of Micronaut's handler on every HTTP/1.1 connection
 * ({@code faas.router.fast-path}, default true).
 */
@Singleton
@Requires(property = "faas.router.fast-path", value = "true")
public class FastPathInstaller implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private final EndpointCache endpoints;
    private final CallQueues queues;
    private final UpstreamPools pools;
    private final RouterMetrics metrics;
    private final RouterSettings settings;
    private final Activator activator;
    private final ControllerClient controller;

    public FastPathInstaller(EndpointCache endpoints, CallQueues queues, UpstreamPools pools, RouterMetrics metrics,
                             RouterSettings settings, Activator activator, ControllerClient controller) {
        this.activator = activator;
        this.controller = controller;
        this.endpoints = endpoints;
        this.queues = queues;
        this.pools = pools;
        this.metrics = metrics;
        this.settings = settings;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new PerConnection(null));
        return event.getBean();
    }

    /** Specialised per connection; adds the handler once the HTTP/1.1 pipeline stands. */
    private final class PerConnection implements NettyServerCustomizer {
        private final Channel channel;

        PerConnection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new PerConnection(channel) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null) {
                channel.pipeline().addBefore(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND, "faas-fast-forward",
                        new FastForwardHandler(endpoints, queues, pools, metrics, activator, controller, settings));
            }
        }
    }
}
