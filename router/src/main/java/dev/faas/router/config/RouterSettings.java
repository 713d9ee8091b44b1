package dev.faas.router.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;

import java.net.URI;
import java.time.Duration;

/**
 * The router's settings under {@code faas.router}.
 *
 * @param controllerUrl      base URL of the controller's API
 * @param activationTimeout  how long a request may wait for an instance when its function is scaled to zero
 * @param maxHeldRequests    how many calls per function may wait (for a scale-up or a free instance) when the
 *                           controller's endpoints answer names no {@code queueSize}
 * @param maxBodySize        largest request body forwarded to a function, in bytes
 * @param defaultTimeout     function timeout when the controller does not name one
 * @param reportInterval     how often traffic is reported to the controller
 * @param endpointRefresh    how old cached endpoints may get before they are refreshed in the background
 * @param drainTimeout       how long the router waits on stopping for the calls in flight to be answered
 */
@ConfigurationProperties("faas.router")
public record RouterSettings(
        @Bindable(defaultValue = "http://127.0.0.1:8081") URI controllerUrl,
        @Bindable(defaultValue = "30s") Duration activationTimeout,
        @Bindable(defaultValue = "1000") int maxHeldRequests,
        @Bindable(defaultValue = "10MB") @ReadableBytes long maxBodySize,
        @Bindable(defaultValue = "60s") Duration defaultTimeout,
        @Bindable(defaultValue = "1s") Duration reportInterval,
        @Bindable(defaultValue = "1s") Duration endpointRefresh,
        @Bindable(defaultValue = "60s") Duration drainTimeout) {
}
