package dev.faas.controller.async;

import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.HexFormat;

/** New call ids: acceptance time in hex (so that they sort oldest first) and 8 random bytes. */
@Singleton
public class CallIds {
    private final SecureRandom random = new SecureRandom();

    /** A new, unique call id such as {@code 0192f3a4b5c6d-9f8e7d6c5b4a3f2e}. */
    public String next() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return String.format("%013x", System.currentTimeMillis()) + "-" + HexFormat.of().formatHex(bytes);
    }

    /** Whether {@code text} has the shape of a call id (so that it is safe as a file name). */
    public static boolean isValid(String text) {
        return text != null && text.matches("[0-9a-f]{13}-[0-9a-f]{16}");
    }
}
