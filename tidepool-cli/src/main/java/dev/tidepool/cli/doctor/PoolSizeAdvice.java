package dev.tidepool.cli.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * A starting {@code maxSize} and why. The rule of thumb for a database doing real I/O is
 * {@code connections = cores * 2 + effective spindles} (PostgreSQL wiki, HikariCP's "About Pool
 * Sizing"): more connections than that only queue inside the database. It is then bounded by what
 * the server can still give: its free connections (limit, minus reserved slots, minus sessions open
 * now) and the user's own limit, shared by every instance of the application.
 *
 * @param maxSize the suggestion; 0 when the server has no connection to spare
 */
public record PoolSizeAdvice(int maxSize, int ruleOfThumb, Integer perInstanceBudget, List<String> reasoning) {

    /** Effective spindles: data on SSD or mostly cached counts as about one. */
    static final int SPINDLES = 1;

    /**
     * @param facts what the server said, or null when the doctor did not get that far
     * @param dbCores the database server's cores
     * @param coresAssumed true when {@code dbCores} is this machine's count, not the user's word
     * @param instances how many application instances share the server
     */
    public static PoolSizeAdvice of(ServerFacts facts, int dbCores, boolean coresAssumed, int instances) {
        List<String> why = new ArrayList<>();
        int rule = dbCores * 2 + SPINDLES;
        why.add("rule of thumb: database cores * 2 + effective spindles = " + dbCores + " * 2 + " + SPINDLES
                + " = " + rule + (coresAssumed ? " (cores assumed from this machine; pass --db-cores N for the"
                + " database server's)" : ""));
        Integer budget = null;
        if (facts != null && facts.maxConnections() != null && facts.sessionsInUse() != null) {
            int free = facts.maxConnections() - facts.reservedConnections() - facts.sessionsInUse();
            why.add("server budget: max_connections " + facts.maxConnections()
                    + (facts.reservedConnections() > 0 ? " - " + facts.reservedConnections() + " reserved" : "")
                    + " - " + facts.sessionsInUse() + " sessions open now = " + Math.max(0, free) + " free");
            budget = Math.max(0, free) / instances;
            why.add("shared by " + instances + " application instance" + (instances == 1 ? "" : "s")
                    + " (--instances): " + budget + " each");
        } else {
            why.add("server connection limit unknown: the suggestion is not bounded by it");
        }
        if (facts != null && facts.userLimit() != null) {
            int userFree = Math.max(0, facts.userLimit() - facts.userSessions()) / instances;
            why.add("user limit: " + facts.userLimitSource() + " " + facts.userLimit() + " - "
                    + facts.userSessions() + " open now, / " + instances + " = " + userFree + " each");
            budget = budget == null ? userFree : Math.min(budget, userFree);
        }
        int size = budget == null ? rule : Math.min(rule, budget);
        if (budget != null && budget == 0) {
            why.add("no connection to spare: close idle sessions, lower other pools, or raise the server's limit");
        } else if (budget != null && budget < rule) {
            why.add("bounded by the server's budget: " + size + " (the sessions open now may include this"
                    + " application's own pools; if so, their share is free to reuse)");
        } else {
            why.add("suggested maxSize = " + size + "; raise it only if waits show up while the database"
                    + " itself is not busy");
        }
        return new PoolSizeAdvice(size, rule, budget, List.copyOf(why));
    }
}
