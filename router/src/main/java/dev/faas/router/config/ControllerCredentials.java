package dev.faas.router.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The credentials the router presents to the controller (HTTP Basic), under {@code faas.auth}.
 *
 * @param username user name, may be absent when the controller runs without credentials
 * @param password password; never logged, {@link #toString()} hides it
 */
@ConfigurationProperties("faas.auth")
public record ControllerCredentials(@Nullable String username, @Nullable String password) {

    /** Whether there is anything to send. */
    public boolean present() {
        return username != null && !username.isBlank() && password != null;
    }

    @Override
    public String toString() {
        return "ControllerCredentials[username=" + username + ", password=****]";
    }
}
