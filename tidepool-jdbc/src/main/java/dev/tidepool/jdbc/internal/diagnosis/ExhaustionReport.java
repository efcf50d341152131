package dev.tidepool.jdbc.internal.diagnosis;

import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.Diagnosis;
import dev.tidepool.jdbc.Diagnosis.HolderGroup;
import dev.tidepool.jdbc.Diagnosis.Kind;
import dev.tidepool.jdbc.internal.ConnectFailureClassifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains why a pool runs dry: the holders grouped by code location (see {@link HolderGroups})
 * and a verdict, in three kinds.
 * <ol>
 * <li><b>Held long</b>: at least half the borrowed connections are held {@link #LONG_HOLD} or
 *     longer by threads that are not in a JDBC call: they do something else while they hold a
 *     connection (the incident: a remote call inside a transaction). More connections only let
 *     more requests pile up there; the fix is in the code named.</li>
 * <li><b>Too small or slow</b>: short holds ("many short holds"), or holders busy inside JDBC
 *     calls ("slow SQL"): demand exceeds what the pool and the database serve. Faster SQL or (if
 *     the database has room) a bigger pool.</li>
 * <li><b>Cannot connect</b>: the pool may open more connections but its last attempt failed;
 *     the classified connect failure and its fix.</li>
 * </ol>
 * The report is bounded: at most {@link #GROUPS_SHOWN} groups, then a count of the rest.
 */
public final class ExhaustionReport {
    static final int GROUPS_SHOWN = 5;
    /** A hold this long, spent outside the database, is not a query: something else holds the connection. */
    static final Duration LONG_HOLD = Duration.ofSeconds(1);
    private static final int HOLDERS_NAMED = 3;

    private ExhaustionReport() {
    }

    /**
     * What a report is made from.
     *
     * @param timedOut true when a waiter just gave up (the report explains a timeout); false for a
     *        report on demand, which may find the pool fine
     */
    public record Input(String poolName, String headline, boolean timedOut, PoolStats stats, int maxSize,
                        List<ConnectionHolder> holders, Throwable lastCreateFailure, String password) {
    }

    public static Diagnosis build(Input in) {
        return build(in, StackReducer.DEFAULT);
    }

    public static Diagnosis build(Input in, StackReducer reducer) {
        HolderGroups.Grouped grouped = HolderGroups.of(in.holders(), reducer, LONG_HOLD);
        List<HolderGroup> groups = grouped.groups();
        List<HolderGroup> shown = groups.subList(0, Math.min(GROUPS_SHOWN, groups.size()));
        int notShown = 0;
        for (HolderGroup g : groups.subList(shown.size(), groups.size())) {
            notShown += g.connections();
        }
        int active = Math.max(in.stats().active(), in.holders().size());
        ConnectFailure failure = null;
        Kind kind;
        String verdict;
        Throwable t = in.lastCreateFailure();
        if (t != null && (in.stats().total() < in.maxSize() || in.holders().isEmpty())) {
            kind = Kind.CANNOT_CONNECT;
            failure = ConnectFailureClassifier.classify(t);
            verdict = "the pool cannot open connections (" + in.stats().total() + " of maxSize " + in.maxSize()
                    + " open); the last attempt failed with " + ConnectFailureClassifier.describe(t, in.password())
                    + "; more connections or a longer acquireTimeout will not help until that is fixed";
        } else if (!in.timedOut() && (in.stats().idle() > 0 || in.stats().waiting() == 0
                && in.holders().size() < in.maxSize())) {
            kind = Kind.NOT_EXHAUSTED;
            verdict = "not exhausted: " + in.holders().size() + " of maxSize " + in.maxSize() + " in use, "
                    + in.stats().idle() + " idle" + (in.stats().idle() > 0 ? "" : ", nobody waiting");
        } else {
            Verdict v = judgeHolders(in, grouped, active);
            kind = v.kind();
            verdict = v.text();
        }
        StringBuilder text = new StringBuilder(in.headline());
        for (HolderGroup g : shown) {
            text.append("\n  ").append(HolderGroups.line(g, active));
        }
        if (notShown > 0) {
            text.append("\n  ... and ").append(notShown).append(" more held in ").append(groups.size() - shown.size())
                    .append(groups.size() - shown.size() == 1 ? " other place" : " other places");
        }
        text.append("\n  Verdict: ").append(verdict);
        return new Diagnosis(in.poolName(), kind, in.stats(), shown, notShown, verdict, failure, text.toString());
    }

    private record Verdict(Kind kind, String text) {
    }

    /** Held long (at least half the holders held LONG_HOLD outside a JDBC call) or too small / slow. */
    private static Verdict judgeHolders(Input in, HolderGroups.Grouped grouped, int active) {
        List<HolderGroup> groups = grouped.groups();
        List<HolderGroup> longGroups = new ArrayList<>();
        int longHolds = 0;
        for (int i = 0; i < groups.size(); i++) {
            int n = grouped.longHolds().get(i);
            if (n > 0) {
                longHolds += n;
                longGroups.add(groups.get(i));
            }
        }
        longGroups.sort((a, b) -> Integer.compare(b.connections(), a.connections())); // stable: longest first among equals
        if (!in.holders().isEmpty() && longHolds * 2 >= in.holders().size()) {
            return new Verdict(Kind.HELD_LONG, heldLong(longGroups, longHolds, active));
        }
        return new Verdict(Kind.TOO_SMALL_OR_SLOW, tooSmallOrSlow(in, groups, active));
    }

    private static String heldLong(List<HolderGroup> longGroups, int longHolds, int active) {
        HolderGroup top = longGroups.get(0);
        StringBuilder sb = new StringBuilder();
        sb.append("connections are held long by ").append(longGroups.size())
                .append(longGroups.size() == 1 ? " code path" : " code paths").append(" (")
                .append(longHolds).append(" of ").append(active).append(" for ")
                .append(TimeText.of(LONG_HOLD)).append(" or more, outside the database): ")
                .append("more connections will not help; ");
        if (longGroups.size() == 1) {
            sb.append("fix the holder: ").append(name(top)).append(' ').append(advice(top));
        } else {
            sb.append("fix the holders, most connections first: ");
            for (int i = 0; i < Math.min(HOLDERS_NAMED, longGroups.size()); i++) {
                HolderGroup g = longGroups.get(i);
                sb.append(i == 0 ? "" : "; ").append(name(g)).append(" (").append(g.connections()).append(')');
            }
            sb.append(". The first ").append(advice(top));
        }
        return sb.toString();
    }

    private static String name(HolderGroup g) {
        return g.borrowSite() ? g.location() : "the code now in " + g.nowIn();
    }

    private static String advice(HolderGroup g) {
        String idle = TimeText.of(g.sinceLastCallMax());
        String where = g.borrowSite() ? " (now in " + g.nowIn() + ")" : "";
        if (g.inTransaction() > 0) {
            return "keeps a transaction open with no JDBC call for up to " + idle + where
                    + ": commit or roll back before the slow work, or move the slow work out of the transaction";
        }
        return "holds its connection with no JDBC call for up to " + idle + where
                + ": borrow the connection later or close it sooner";
    }

    private static String tooSmallOrSlow(Input in, List<HolderGroup> groups, int active) {
        PoolStats s = in.stats();
        if (in.holders().isEmpty()) {
            return "no connection is borrowed, yet none was free in time (creating=" + s.creating()
                    + "): opening connections is slow; check the database's connect time (tidepool doctor)";
        }
        int inJdbc = 0;
        for (HolderGroup g : groups) {
            inJdbc += g.inJdbcCall();
        }
        List<Duration> held = new ArrayList<>();
        for (ConnectionHolder h : in.holders()) {
            held.add(h.heldFor());
        }
        held.sort(null);
        Duration median = held.get(held.size() / 2);
        if (inJdbc * 2 >= in.holders().size() && median.compareTo(LONG_HOLD) >= 0) {
            return "slow SQL: " + inJdbc + " of " + in.holders().size() + " holders are inside JDBC calls now, held "
                    + TimeText.range(held.get(0), held.get(held.size() - 1)) + " (median " + TimeText.of(median)
                    + "), " + s.waiting() + " waiting: the database is slow to answer (or the pool too small for the"
                    + " load); make the slow SQL faster (see last SQL), or raise maxSize (now " + in.maxSize()
                    + ") if the database has room for more sessions";
        }
        return "many short holds: " + active + " of maxSize " + in.maxSize() + " busy, held "
                + TimeText.range(held.get(0), held.get(held.size() - 1)) + " (median " + TimeText.of(median) + "), "
                + s.waiting() + " waiting, " + inJdbc + " of " + in.holders().size() + " in a JDBC call now: "
                + "the pool is too small for the load or the database is slow; make the slow SQL faster, or raise "
                + "maxSize (now " + in.maxSize() + ") if the database has room for more sessions";
    }
}
