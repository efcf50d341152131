package dev.tidepool.cli.doctor;

/**
 * What the doctor learned about a PgBouncer in front of the server: the detection evidence and,
 * when its admin console let the doctor in, the pool mode and limits for the database. Limits are
 * null when unknown; {@link #consoleProblem()} says why the console could not be read.
 *
 * @param backendKey the pid in the backend key the connection got (PgBouncer's own)
 * @param serverPid what {@code pg_backend_pid()} answered (the server's)
 * @param consoleUser the user the doctor tried the console as
 * @param consoleProblem why the console could not be read, or null when it was
 * @param poolSize the server connections PgBouncer opens at most for this database and user
 *        (the database's {@code pool_size}, else {@code default_pool_size})
 * @param poolSizeSource where {@code poolSize} comes from
 * @param clients client connections open now, over every pool of this bouncer (the doctor's own excluded)
 * @param serverConnections server connections open now for this database
 */
public record BouncerFacts(int backendKey, int serverPid, String consoleUser, String consoleProblem, String version,
                           String poolMode, Integer poolSize, String poolSizeSource, Integer reservePoolSize,
                           Integer maxClientConn, Integer maxDbConnections, Integer maxUserConnections,
                           Integer clients, Integer serverConnections) {

    /** Whether the admin console answered. */
    public boolean console() {
        return consoleProblem == null;
    }

    /** Server connections the bouncer may open for this database and user: pool size + reserve, capped by max_db/user_connections. */
    public Integer serverCap() {
        if (poolSize == null) {
            return null;
        }
        int cap = poolSize + (reservePoolSize == null ? 0 : reservePoolSize);
        if (maxDbConnections != null && maxDbConnections > 0) {
            cap = Math.min(cap, maxDbConnections);
        }
        if (maxUserConnections != null && maxUserConnections > 0) {
            cap = Math.min(cap, maxUserConnections);
        }
        return cap;
    }

    /** Whether a client keeps its server connection for its whole life ({@code pool_mode = session}). */
    public boolean sessionMode() {
        return "session".equals(poolMode);
    }
}
