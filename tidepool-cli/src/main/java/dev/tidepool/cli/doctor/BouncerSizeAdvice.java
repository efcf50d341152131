package dev.tidepool.cli.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * The pool size to suggest behind PgBouncer: sized against the bouncer's limits, not the server's.
 * In transaction mode the bouncer runs at most its pool size ({@code default_pool_size}) of
 * transactions at once for a database and user, across every instance; a Tidepool pool larger
 * than about twice its instance's share only moves the queue from Tidepool (bounded by
 * {@code acquireTimeout}, diagnosed when it runs dry) into PgBouncer ({@code cl_waiting}, bounded by
 * {@code query_wait_timeout}). Twice the share leaves room for uneven load between instances. In
 * session mode every client connection holds a server connection, so the instances share the
 * bouncer's pool size itself. Both are bounded by {@code max_client_conn} and the rule of thumb.
 */
final class BouncerSizeAdvice {

    private BouncerSizeAdvice() {
    }

    static PoolSizeAdvice of(BouncerFacts b, int dbCores, boolean coresAssumed, int instances) {
        List<String> why = new ArrayList<>();
        int rule = dbCores * 2 + PoolSizeAdvice.SPINDLES;
        why.add("rule of thumb: database cores * 2 + effective spindles = " + dbCores + " * 2 + " + PoolSizeAdvice.SPINDLES
                + " = " + rule + (coresAssumed ? " (cores assumed from this machine; pass --db-cores N for the"
                + " database server's)" : ""));
        if (!b.console() || b.poolSize() == null) {
            why.add("behind PgBouncer, whose limits are unknown (admin console not available to " + b.consoleUser()
                    + "): the suggestion is the rule of thumb only; pass --admin-user to size against default_pool_size"
                    + " and max_client_conn");
            return new PoolSizeAdvice(rule, rule, null, List.copyOf(why));
        }
        int share;
        if (b.sessionMode()) {
            share = Math.max(1, b.serverCap() / instances);
            why.add("session mode: each client connection holds a server connection, so " + instances + " instance"
                    + (instances == 1 ? "" : "s") + " share the bouncer's " + b.serverCap() + " (" + b.poolSizeSource()
                    + "): " + share + " each");
        } else {
            share = Math.max(1, (2 * b.poolSize() + instances - 1) / instances);
            why.add(b.poolMode() + " mode: the bouncer runs at most " + b.poolSize() + " transactions at once ("
                    + b.poolSizeSource() + ") for all " + instances + " instance" + (instances == 1 ? "" : "s")
                    + "; twice the share, for uneven load: 2 * " + b.poolSize() + " / " + instances + " = " + share
                    + " each (a larger pool only queues in PgBouncer instead of in Tidepool)");
        }
        Integer budget = share;
        if (b.maxClientConn() != null) {
            int free = Math.max(0, b.maxClientConn() - (b.clients() == null ? 0 : b.clients()));
            int each = free / instances;
            why.add("client budget: max_client_conn " + b.maxClientConn() + " - " + (b.clients() == null ? 0 : b.clients())
                    + " open now = " + free + ", / " + instances + " = " + each + " each");
            budget = Math.min(budget, each);
        }
        int size = Math.min(rule, budget);
        if (size == 0) {
            why.add("no client connection to spare: raise max_client_conn or lower other pools");
        } else {
            why.add("suggested maxSize = " + size + " (the server's own max_connections matters only for the"
                    + " bouncer's pool, see Fleet)");
        }
        return new PoolSizeAdvice(size, rule, budget, List.copyOf(why));
    }
}
