package dev.faas.controller.secret;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * AES-256-GCM with a random 96-bit IV per value. The sealed form is {@code "FSC1" | IV | ciphertext+tag}; the
 * secret's id is authenticated data, so a file copied to another name does not decrypt.
 */
public final class SecretCipher {
    private static final byte[] MAGIC = "FSC1".getBytes(StandardCharsets.US_ASCII);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(MasterKey key) {
        this.key = key;
    }

    /** Encrypts a value for this id. */
    public byte[] seal(SecretId id, byte[] plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, id);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(MAGIC.length + IV_BYTES + sealed.length).put(MAGIC).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt " + id + ": " + e.getMessage(), e);
        }
    }

    /** Decrypts a value sealed for this id, or fails saying which key did not fit. */
    public byte[] open(SecretId id, byte[] sealed, String where) {
        if (sealed.length < MAGIC.length + IV_BYTES + TAG_BITS / 8
                || !Arrays.equals(Arrays.copyOf(sealed, MAGIC.length), MAGIC)) {
            throw new SecretUnreadableException(id + " in " + where + " is not an encrypted secret file (damaged?); "
                    + "set it again with `faas secret update " + id.name() + "`");
        }
        byte[] iv = Arrays.copyOfRange(sealed, MAGIC.length, MAGIC.length + IV_BYTES);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, iv, id);
            return cipher.doFinal(sealed, MAGIC.length + IV_BYTES, sealed.length - MAGIC.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new SecretUnreadableException("cannot decrypt " + id + " (" + where + ") with the " + key.source()
                    + ": it was encrypted with another key (or changed on disk). Restore the key it was written with, "
                    + "or set the secret again with `faas secret update " + id.name() + "`");
        } catch (GeneralSecurityException e) {
            throw new SecretUnreadableException("cannot decrypt " + id + " (" + where + "): " + e.getMessage());
        }
    }

    private Cipher cipher(int mode, byte[] iv, SecretId id) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key.key(), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD((id.namespace() + "/" + id.name()).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
