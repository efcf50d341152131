package dev.tidepool.jdbc.internal;

import dev.tidepool.jdbc.DbCredentials;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Where new connections of a pool get their login: a {@code credentialsSupplier}, asked once per
 * new connection (on the pool's creating thread, never a borrower's). When it answers with other
 * credentials than last time, the pool is told ({@link #onRotation}) so that the connections
 * opened with the old ones retire, spread out. The current and the previous password are kept to
 * mask them in failure messages; neither is ever printed.
 */
public final class CredentialSource {
    private final String poolName;
    private final Supplier<DbCredentials> supplier;
    private volatile DbCredentials last;
    private volatile String previousPassword;
    private volatile Runnable onRotation = () -> { };

    public CredentialSource(String poolName, Supplier<DbCredentials> supplier) {
        this.poolName = poolName;
        this.supplier = Objects.requireNonNull(supplier, "credentialsSupplier");
    }

    /** Called when the supplier's answer changed (not for the first answer). */
    public void onRotation(Runnable action) {
        this.onRotation = Objects.requireNonNull(action, "action");
    }

    /** {@code base} plus the supplier's user and password now. */
    Properties loginProperties(Properties base) throws SQLException {
        DbCredentials c;
        try {
            c = supplier.get();
        } catch (RuntimeException e) {
            throw new SQLException(poolName + " - credentialsSupplier failed: " + e.getClass().getName(), "28000", e);
        }
        if (c == null) {
            throw new SQLException(poolName + " - credentialsSupplier returned null: return a DbCredentials"
                    + " (user and password), never null", "28000");
        }
        DbCredentials before = last;
        if (!c.equals(before)) {
            last = c;
            if (before != null) {
                previousPassword = before.password();
                onRotation.run();
            }
        }
        Properties p = new Properties();
        p.putAll(base);
        p.remove("user");
        p.remove("password");
        if (c.user() != null) {
            p.setProperty("user", c.user());
        }
        if (c.password() != null) {
            p.setProperty("password", c.password());
        }
        return p;
    }

    /** {@code text} with the current and the previous password masked. */
    String mask(String text) {
        String masked = text;
        DbCredentials c = last;
        for (String secret : new String[] {c == null ? null : c.password(), previousPassword}) {
            if (masked != null && secret != null && !secret.isEmpty()) {
                masked = masked.replace(secret, "****");
            }
        }
        return masked;
    }

    /** The user of the last answer, for toString and holder reports; null before the first. */
    String user() {
        DbCredentials c = last;
        return c == null ? null : c.user();
    }
}
