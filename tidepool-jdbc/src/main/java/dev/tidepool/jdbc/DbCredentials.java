package dev.tidepool.jdbc;

/**
 * A user and password for new connections, as a {@code credentialsSupplier} returns them (a
 * vault lease, a cloud IAM token, a rotated secret). {@link #toString()} never shows the password.
 *
 * @param user the user to log in as; null: the driver's default (e.g. from the URL)
 * @param password the password or token; null: none
 */
public record DbCredentials(String user, String password) {

    @Override
    public String toString() {
        return "DbCredentials[user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
