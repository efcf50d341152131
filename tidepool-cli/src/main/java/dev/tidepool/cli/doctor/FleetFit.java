package dev.tidepool.cli.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether {@code instances} copies of a pool of {@code poolSize} fit the limits in front of them
 * ({@code tidepool doctor --instances N [--pool-size M]}), and what to change when they do not.
 * Directly to PostgreSQL the limit is the server's free connections; behind PgBouncer the pools'
 * connections are the bouncer's clients ({@code max_client_conn}) and only the bouncer's own pool
 * ({@code default_pool_size}) reaches the server, except in session mode, where every client
 * connection holds a server connection.
 *
 * @param fits true, false, or null when a limit is unknown
 */
public record FleetFit(int instances, int poolSize, String poolSizeSource, int total, List<Check> checks,
                       Boolean fits, List<String> changes) {

    /** One limit: its name, whether the fleet fits it (null: unknown) and the numbers. */
    public record Check(String name, Boolean ok, String detail) {
    }

    /** @param poolSizeSource "--pool-size" or "the suggestion" */
    static FleetFit of(ServerFacts server, BouncerFacts bouncer, int instances, int poolSize, String poolSizeSource) {
        int total = instances * poolSize;
        List<Check> checks = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        Integer serverFree = serverFree(server);
        if (bouncer == null) {
            if (serverFree == null) {
                checks.add(new Check("server sessions", null, "the server's connection limit is unknown"));
            } else {
                boolean ok = total <= serverFree;
                checks.add(new Check("server sessions", ok, total + " needed, " + serverFree + " free (max_connections "
                        + server.maxConnections() + reservedText(server) + " - " + server.sessionsInUse() + " open now)"));
                if (!ok) {
                    changes.add(lowerTo(serverFree, instances, "free"));
                    changes.add("or raise max_connections to at least " + (server.maxConnections() + total - serverFree)
                            + " (each session costs server memory: work_mem and a backend process)");
                    changes.add("or put PgBouncer in transaction mode in front: the server then sees only its "
                            + "default_pool_size per database and user, however many instances connect");
                }
            }
            return new FleetFit(instances, poolSize, poolSizeSource, total, List.copyOf(checks), verdict(checks),
                    List.copyOf(changes));
        }
        if (!bouncer.console()) {
            checks.add(new Check("bouncer limits", null, "unknown: the admin console was not available to "
                    + bouncer.consoleUser() + " (pass --admin-user)"));
            return new FleetFit(instances, poolSize, poolSizeSource, total, List.copyOf(checks), null, List.of());
        }
        if (bouncer.maxClientConn() != null) {
            int others = bouncer.clients() == null ? 0 : bouncer.clients();
            int free = Math.max(0, bouncer.maxClientConn() - others);
            boolean ok = total <= free;
            checks.add(new Check("bouncer clients", ok, total + " needed, " + free + " free (max_client_conn "
                    + bouncer.maxClientConn() + " - " + others + " open now)"));
            if (!ok) {
                changes.add(lowerTo(free, instances, "free"));
                changes.add("or raise max_client_conn to at least " + (others + total)
                        + " (and the bouncer's file descriptor limit with it)");
            }
        }
        Integer cap = bouncer.serverCap();
        if (bouncer.sessionMode() && cap != null) {
            boolean ok = total <= cap;
            checks.add(new Check("bouncer pool (session mode)", ok, total + " client connections each hold a server "
                    + "connection for their life; the bouncer opens at most " + cap + " (" + bouncer.poolSizeSource()
                    + (bouncer.reservePoolSize() != null && bouncer.reservePoolSize() > 0 ? " + reserve_pool_size" : "")
                    + "): the rest wait in PgBouncer until query_wait_timeout"));
            if (!ok) {
                changes.add("lower maxSize to " + Math.max(1, cap / instances) + " per instance (" + cap + " / " + instances + ")");
                changes.add("or switch the bouncer to pool_mode = transaction, so that a server connection is held "
                        + "only for a transaction");
            }
        }
        if (cap != null) {
            if (serverFree == null) {
                checks.add(new Check("server sessions", null, "the bouncer opens at most " + cap
                        + " server connections; the server's limit is unknown"));
            } else {
                // The bouncer's own server connections are among the sessions open now.
                int open = bouncer.serverConnections() == null ? 0 : bouncer.serverConnections();
                int room = serverFree + open;
                boolean ok = cap <= room;
                checks.add(new Check("server sessions", ok, "the bouncer opens at most " + cap + " for this database and "
                        + "user, whatever the number of instances; the server has room for " + room + " ("
                        + serverFree + " free + " + open + " the bouncer holds now)"));
                if (!ok) {
                    changes.add("lower the bouncer's " + bouncer.poolSizeSource() + " to " + room
                            + ", or raise the server's max_connections");
                }
            }
        }
        return new FleetFit(instances, poolSize, poolSizeSource, total, List.copyOf(checks), verdict(checks),
                List.copyOf(changes));
    }

    private static String lowerTo(int room, int instances, String what) {
        if (room / instances == 0) {
            return "not even 1 connection per instance fits (" + room + " " + what + " / " + instances + ")";
        }
        return "lower maxSize to " + room / instances + " per instance (" + room + " " + what + " / " + instances + ")";
    }

    private static Boolean verdict(List<Check> checks) {
        boolean unknown = false;
        for (Check c : checks) {
            if (c.ok() == null) {
                unknown = true;
            } else if (!c.ok()) {
                return false;
            }
        }
        return unknown || checks.isEmpty() ? null : true;
    }

    /** Connections the server can still give: limit - reserved - open now; null when unknown. */
    static Integer serverFree(ServerFacts server) {
        if (server == null || server.maxConnections() == null || server.sessionsInUse() == null) {
            return null;
        }
        return Math.max(0, server.maxConnections() - server.reservedConnections() - server.sessionsInUse());
    }

    private static String reservedText(ServerFacts s) {
        return s.reservedConnections() > 0 ? " - " + s.reservedConnections() + " reserved" : "";
    }
}
