package dev.tidepool.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Where a test database lives: JDBC URL, credentials and the TCP endpoint (host/port; null/0 for
 * in-memory H2). {@link #toString()} never prints the password.
 */
public record DbTarget(String vendor, String url, String user, String password, String host, int port) {

    public static final String H2 = "h2";
    public static final String POSTGRESQL = "postgresql";
    public static final String MARIADB = "mariadb";

    /** True when the database is reached over TCP (so a {@link FaultProxy} can sit in between). */
    public boolean isNetworked() {
        return host != null && port > 0;
    }

    /** This target's URL pointed at {@code 127.0.0.1:proxyPort} instead of the server, e.g. a {@link FaultProxy}. */
    public String urlVia(int proxyPort) {
        if (!isNetworked()) {
            throw new UnsupportedOperationException(vendor + " target " + url + " has no TCP endpoint to proxy");
        }
        String endpoint = "//" + host + ":" + port + "/";
        int at = url.indexOf(endpoint);
        if (at < 0) {
            throw new IllegalStateException("cannot find " + endpoint + " in " + url);
        }
        return url.substring(0, at) + "//127.0.0.1:" + proxyPort + "/" + url.substring(at + endpoint.length());
    }

    /** {@link #urlVia(int)} plus driver parameters such as {@code "socketTimeout=1"} (joined with {@code ?} or {@code &}). */
    public String urlVia(int proxyPort, String parameters) {
        return withParameters(urlVia(proxyPort), parameters);
    }

    /** This target's URL plus driver parameters (joined with {@code ?} or {@code &}, or {@code ;} for H2). */
    public String urlWith(String parameters) {
        return withParameters(url, parameters);
    }

    /** Opens a connection with {@link DriverManager} to {@code url} using this target's credentials. */
    public Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Opens a connection to this target directly. */
    public Connection connect() throws SQLException {
        return connect(url);
    }

    private String withParameters(String base, String parameters) {
        if (parameters == null || parameters.isEmpty()) {
            return base;
        }
        if (H2.equals(vendor)) {
            return base + ";" + parameters.replace('&', ';');
        }
        return base + (base.indexOf('?') < 0 ? "?" : "&") + parameters;
    }

    @Override
    public String toString() {
        return "DbTarget[" + vendor + " " + url + " user=" + user + "]";
    }
}
