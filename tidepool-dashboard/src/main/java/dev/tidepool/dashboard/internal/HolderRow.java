package dev.tidepool.dashboard.internal;

import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.internal.diagnosis.SqlText;
import dev.tidepool.jdbc.internal.diagnosis.StackReducer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One row of the holders table: a borrowed connection, who holds it and what that code is doing
 * now. The SQL is shown as diagnosis shows it (literals masked, cut to 80 characters); the frames
 * are the application frames the exhaustion report would name.
 *
 * @param thread the holder thread's name
 * @param heldForMillis how long it has been borrowed
 * @param inTransaction whether a transaction is open
 * @param sinceLastCallMillis time since its last JDBC call
 * @param inJdbcCall whether the thread is inside a JDBC call right now
 * @param lastSql the last SQL, masked; null if none
 * @param nowIn the first application frames of the thread's current stack
 * @param borrowSite where it was borrowed (only with {@code leakThreshold}); else null
 */
public record HolderRow(String thread, long heldForMillis, boolean inTransaction, long sinceLastCallMillis,
                        boolean inJdbcCall, String lastSql, String nowIn, String borrowSite) {

    /** The most rows one response carries; a pool is rarely larger, and the page stays readable. */
    public static final int MAX_ROWS = 200;
    static final int FRAMES = 3;

    /** Takes each holder thread's stack now: one stack per borrowed connection. Longest held first. */
    public static List<HolderRow> of(List<ConnectionHolder> holders) {
        List<ConnectionHolder> sorted = new ArrayList<>(holders);
        sorted.sort(Comparator.comparing(ConnectionHolder::heldFor).reversed());
        List<HolderRow> rows = new ArrayList<>(Math.min(sorted.size(), MAX_ROWS));
        for (ConnectionHolder h : sorted) {
            if (rows.size() == MAX_ROWS) {
                break;
            }
            Thread t = h.thread();
            StackTraceElement[] now = t != null && t.isAlive() ? t.getStackTrace() : new StackTraceElement[0];
            rows.add(new HolderRow(h.threadName(), h.heldFor().toMillis(), h.inTransaction(),
                    h.sinceLastActivity().toMillis(), StackReducer.inJdbcCall(now), SqlText.shown(h.lastSql()),
                    StackReducer.DEFAULT.describe(now, FRAMES),
                    h.borrowStack() == null ? null : StackReducer.DEFAULT.describe(h.borrowStack(), FRAMES)));
        }
        return rows;
    }
}
