package dev.tidepool.jdbc;

/**
 * Why a new connection could not be opened, in the words a DBA would use, each with a one-line
 * fix. The class is read from the driver's SQLState, vendor error code, exception types and
 * cause chain (see {@code dev.tidepool.jdbc.internal.ConnectFailureClassifier}) and appears in
 * every message that reports a connect failure.
 *
 * <p>{@link #AUTH_FAILED} and {@link #DATABASE_NOT_FOUND} are <em>persistent</em>: retrying soon
 * will not help, so the pool backs off and fails waiters at once instead of letting them wait out
 * {@code acquireTimeout}. The other classes may clear up by themselves (a restart, a network
 * blip, sessions closing).
 */
public enum ConnectFailure {

    /** The host name in the URL does not resolve (DNS). */
    UNKNOWN_HOST("check the host name in the JDBC URL and DNS (the name does not resolve)", false),

    /** The host answered, but nothing accepts connections on that port (or the server refuses them now). */
    REFUSED("check the port and that the server is running and listening on that address"
            + " (the connection was refused)", false),

    /** No answer in time: connect, TLS or login did not finish within the driver's timeout. */
    TIMEOUT("check firewalls, security groups and the network path, and whether the server is"
            + " overloaded (no answer within the timeout)", false),

    /** The server rejected the login: wrong user or password, or no rule admits this user from this host. */
    AUTH_FAILED("check username/password (the server rejected the login)", true),

    /** The server is up but the database (catalog) named in the URL does not exist. */
    DATABASE_NOT_FOUND("check the database name in the JDBC URL, or create the database", true),

    /** The server, or this user, has no connection slots left. */
    SERVER_FULL("the server or this user has no connections left: lower maxSize times the number of app"
            + " instances, close idle sessions, or raise the server's limit", false),

    /** The TLS/SSL handshake or configuration failed (server without TLS, untrusted certificate, host name mismatch). */
    TLS("match the driver's SSL mode to the server (TLS enabled there? certificate trusted? host name"
            + " matches?)", false),

    /** Anything else; the driver's message and cause tell more. */
    OTHER("see the driver's message and cause", false);

    private final String hint;
    private final boolean persistent;

    ConnectFailure(String hint, boolean persistent) {
        this.hint = hint;
        this.persistent = persistent;
    }

    /** A one-line fix, e.g. {@code "check username/password (the server rejected the login)"}. */
    public String hint() {
        return hint;
    }

    /**
     * Whether this failure will stand however long one waits ({@link #AUTH_FAILED},
     * {@link #DATABASE_NOT_FOUND}), so retrying in a tight loop only hammers the server.
     */
    public boolean isPersistent() {
        return persistent;
    }

    /**
     * Whether this failure is a definite answer while no connection has ever opened: the
     * persistent classes, plus {@link #UNKNOWN_HOST} and {@link #REFUSED} (the name does not
     * resolve, nothing listens on the port). Start-up ({@code failFast}) and waiters of a pool that
     * never opened a connection fail at once with it. {@link #TIMEOUT}, {@link #SERVER_FULL},
     * {@link #TLS} and {@link #OTHER} may clear, and are waited out up to {@code acquireTimeout}.
     * Once a connection has opened, a refused connect (a restart) is waited out like a timeout.
     */
    public boolean isDefiniteAtStart() {
        return persistent || this == UNKNOWN_HOST || this == REFUSED;
    }
}
