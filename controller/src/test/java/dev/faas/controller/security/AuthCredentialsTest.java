package dev.faas.controller.security;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthCredentialsTest {

    @Test
    void controllerRefusesToStartWithoutAPassword() {
        Exception e = assertThrows(Exception.class, () -> ApplicationContext.run(Map.of("faas.auth.password", "")));
        String messages = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages += t.getMessage() + "\n";
        }
        assertTrue(messages.contains("no API password configured: set FAAS_AUTH_PASSWORD"), messages);
    }

    @Test
    void matchesOnlyTheExactPairAndNeverPrintsThePassword() {
        AuthCredentials credentials = new AuthCredentials("admin", "s3cret");
        assertTrue(credentials.matches("admin", "s3cret"));
        assertFalse(credentials.matches("admin", "s3cret "));
        assertFalse(credentials.matches("root", "s3cret"));
        assertFalse(credentials.toString().contains("s3cret"));
    }
}
