package dev.tidepool.jdbc.internal;

/**
 * The key of a per-credentials partition ({@code getConnection(user, password)}). Equal
 * credentials share a partition; {@link #toString()} never shows the password.
 */
public record Credentials(String user, String password) {

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
