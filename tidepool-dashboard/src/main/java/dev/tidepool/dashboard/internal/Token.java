package dev.tidepool.dashboard.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The dashboard's access token. Comparison hashes both sides first and compares the digests with
 * {@link MessageDigest#isEqual}, so neither the content nor the length of the token leaks through
 * response timing. {@link #toString()} never shows the token.
 */
public final class Token {

    /** The shortest configured token accepted: guessing must be hopeless. */
    public static final int MIN_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;
    private final byte[] digest;

    private Token(String value) {
        this.value = value;
        this.digest = sha256(value);
    }

    /** A fresh random token: 24 random bytes, URL-safe Base64 (32 characters). */
    public static Token random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return new Token(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * A configured token.
     *
     * @throws IllegalArgumentException when it is shorter than {@link #MIN_LENGTH} or holds characters
     *         that do not travel unescaped in a URL, a header and a cookie (the message does not show it)
     */
    public static Token of(String value) {
        if (value == null || value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("token (" + (value == null ? "null" : value.length() + " characters")
                    + ") must be at least " + MIN_LENGTH + " characters; leave it unset to get a random one");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~';
            if (!ok) {
                throw new IllegalArgumentException("token (not shown) holds a character other than A-Z, a-z, 0-9,"
                        + " '-', '_', '.', '~' at position " + i + "; use only those, so it travels unescaped in a URL");
            }
        }
        return new Token(value);
    }

    /** Whether {@code candidate} is this token, in time independent of where they differ. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(candidate));
    }

    /** The token itself: only for the URL printed once at start. */
    public String reveal() {
        return value;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "Token[not shown]";
    }
}
