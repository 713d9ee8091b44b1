package dev.faas.controller.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The one user allowed on the control API. Created with the context ({@link Context}) so that a controller
 * without a password refuses to start instead of running open.
 */
@Context
public class AuthCredentials {
    private final byte[] username;
    private final byte[] password;

    public AuthCredentials(@Value("${faas.auth.username:admin}") String username,
                           @Value("${faas.auth.password:}") String password) {
        if (username == null || username.isBlank()) {
            throw new ConfigurationException("no API username configured: set FAAS_AUTH_USERNAME "
                    + "(or faas.auth.username); `faas up` generates one into ~/.faas/credentials");
        }
        if (password == null || password.isBlank()) {
            throw new ConfigurationException("no API password configured: set FAAS_AUTH_PASSWORD "
                    + "(or faas.auth.password); `faas up` generates one into ~/.faas/credentials");
        }
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    /** True when both match; compares in constant time and never short-circuits on the username. */
    public boolean matches(String givenUsername, String givenPassword) {
        boolean userOk = MessageDigest.isEqual(username, givenUsername.getBytes(StandardCharsets.UTF_8));
        boolean passwordOk = MessageDigest.isEqual(password, givenPassword.getBytes(StandardCharsets.UTF_8));
        return userOk & passwordOk;
    }

    @Override
    public String toString() {
        // Never print the password, even by accident in a debugger or log line.
        return "AuthCredentials[username=" + new String(username, StandardCharsets.UTF_8) + ", password=****]";
    }
}
