package dev.tidepool.jdbc.internal.diagnosis;

import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.Diagnosis.HolderGroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups the holders of a pool by code location: the application frame where they borrowed
 * (when {@code leakThreshold} recorded borrow stacks), else the first application frame their
 * thread is in now. Each holder thread's current stack is taken here, once, and only here: this
 * is the diagnosis path, never the borrow path.
 */
final class HolderGroups {
    /** Application frames shown for "now in". */
    static final int NOW_FRAMES = 3;
    static final int THREADS_SHOWN = 3;

    private HolderGroups() {
    }

    /** One holder with its current stack, as seen when the diagnosis ran. */
    record Sample(ConnectionHolder holder, String location, boolean borrowSite, String nowIn, boolean inJdbcCall) {

        static Sample of(ConnectionHolder h, StackReducer reducer) {
            Thread t = h.thread();
            StackTraceElement[] now = t != null && t.isAlive() ? t.getStackTrace() : new StackTraceElement[0];
            String nowIn = t != null && t.isAlive() ? reducer.describe(now, NOW_FRAMES) : "(thread ended)";
            List<StackTraceElement> borrowedAt = reducer.applicationFrames(h.borrowStack(), 1);
            if (!borrowedAt.isEmpty()) {
                return new Sample(h, StackReducer.format(borrowedAt.get(0)), true, nowIn, StackReducer.inJdbcCall(now));
            }
            List<StackTraceElement> first = reducer.applicationFrames(now, 1);
            String location = !first.isEmpty() ? StackReducer.format(first.get(0)) : nowIn;
            return new Sample(h, location, false, nowIn, StackReducer.inJdbcCall(now));
        }
    }

    /**
     * The groups, longest held first, and for each the number of its holders held at least
     * {@code longHold} outside a JDBC call.
     */
    record Grouped(List<HolderGroup> groups, List<Integer> longHolds) {
    }

    static Grouped of(List<ConnectionHolder> holders, StackReducer reducer, Duration longHold) {
        Map<String, List<Sample>> byLocation = new LinkedHashMap<>();
        for (ConnectionHolder h : holders) {
            Sample s = Sample.of(h, reducer);
            byLocation.computeIfAbsent((s.borrowSite() ? "b:" : "n:") + s.location(), k -> new ArrayList<>()).add(s);
        }
        List<List<Sample>> lists = new ArrayList<>(byLocation.values());
        for (List<Sample> samples : lists) {
            samples.sort(Comparator.comparing((Sample s) -> s.holder().heldFor()).reversed());
        }
        lists.sort(Comparator.comparing((List<Sample> l) -> l.get(0).holder().heldFor()).reversed()
                .thenComparing(Comparator.comparingInt((List<Sample> l) -> l.size()).reversed()));
        List<HolderGroup> groups = new ArrayList<>();
        List<Integer> longHolds = new ArrayList<>();
        for (List<Sample> samples : lists) {
            groups.add(group(samples));
            int n = 0;
            for (Sample s : samples) {
                if (!s.inJdbcCall() && s.holder().heldFor().compareTo(longHold) >= 0) {
                    n++;
                }
            }
            longHolds.add(n);
        }
        return new Grouped(groups, longHolds);
    }

    /** One group from its samples, longest held first. */
    private static HolderGroup group(List<Sample> samples) {
        Sample longest = samples.get(0);
        Duration heldMin = longest.holder().heldFor();
        Duration idleMin = longest.holder().sinceLastActivity();
        Duration idleMax = idleMin;
        int inTransaction = 0;
        int inJdbcCall = 0;
        List<String> threads = new ArrayList<>();
        for (Sample s : samples) {
            ConnectionHolder h = s.holder();
            heldMin = min(heldMin, h.heldFor());
            idleMin = min(idleMin, h.sinceLastActivity());
            idleMax = max(idleMax, h.sinceLastActivity());
            inTransaction += h.inTransaction() ? 1 : 0;
            inJdbcCall += s.inJdbcCall() ? 1 : 0;
            if (threads.size() < THREADS_SHOWN) {
                threads.add(h.threadName());
            }
        }
        String sql = null;
        for (Sample s : samples) { // the longest holder's SQL, else any
            if (s.holder().lastSql() != null) {
                sql = SqlText.shown(s.holder().lastSql());
                break;
            }
        }
        return new HolderGroup(longest.location(), longest.borrowSite(), samples.size(), heldMin,
                longest.holder().heldFor(), inTransaction, idleMin, idleMax, inJdbcCall, longest.nowIn(), sql, threads);
    }

    /** One line for a group: {@code 5 of 5 held by X for 12-14 s, in transaction, no JDBC call for 12 s, now in Y; last SQL: ...}. */
    static String line(HolderGroup g, int active) {
        StringBuilder sb = new StringBuilder();
        sb.append(g.connections()).append(" of ").append(active);
        String held = TimeText.range(g.heldMin(), g.heldMax());
        if (g.borrowSite()) {
            sb.append(" held by ").append(g.location()).append(" for ").append(held);
        } else {
            sb.append(" held for ").append(held).append(" by code now in ").append(g.nowIn());
        }
        if (g.inTransaction() == g.connections()) {
            sb.append(", in transaction");
        } else if (g.inTransaction() > 0) {
            sb.append(", ").append(g.inTransaction()).append(" in transaction");
        } else {
            sb.append(", no transaction open");
        }
        if (g.inJdbcCall() == g.connections()) {
            sb.append(", in a JDBC call now");
        } else {
            sb.append(", no JDBC call for ").append(TimeText.range(g.sinceLastCallMin(), g.sinceLastCallMax()));
            if (g.inJdbcCall() > 0) {
                sb.append(" (").append(g.inJdbcCall()).append(" in a JDBC call now)");
            }
        }
        if (g.borrowSite()) {
            sb.append(", now in ").append(g.nowIn());
        }
        if (g.lastSql() != null) {
            sb.append("; last SQL: ").append(g.lastSql());
        }
        sb.append("; threads: ").append(String.join(", ", g.threads()));
        if (g.connections() > g.threads().size()) {
            sb.append(" +").append(g.connections() - g.threads().size()).append(" more");
        }
        return sb.toString();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
