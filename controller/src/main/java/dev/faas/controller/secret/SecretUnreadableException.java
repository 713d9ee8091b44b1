package dev.faas.controller.secret;

/** A stored secret cannot be decrypted (wrong key, damaged file); the message names the key and what to do. */
public class SecretUnreadableException extends RuntimeException {
    public SecretUnreadableException(String message) {
        super(message);
    }
}
