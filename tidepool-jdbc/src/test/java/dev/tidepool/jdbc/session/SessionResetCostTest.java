package dev.tidepool.jdbc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidepool.jdbc.SessionReset;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Measures what {@code sessionReset} costs per borrow on the real databases (figures for README and
 * docs/reliability.md; no timing asserts). One thread, a pool of one, each cycle borrows, runs
 * {@code select 1} and returns; {@code auto} with a {@code SET} in every borrow shows the price of a
 * reset that is due, {@code auto} without one shows that the detector itself costs nothing.
 */
class SessionResetCostTest {

    private static final int WARMUP = 2_000;
    private static final int CYCLES = 2_000;

    @Test
    void measureTheFullResetPerReturn() throws SQLException {
        StringBuilder report = new StringBuilder("session reset cost, mean per borrow-query-return cycle over "
                + CYCLES + " cycles (median of 3):\n");
        for (SessionDb db : SessionDb.values()) {
            String set = db == SessionDb.POSTGRESQL ? "SET work_mem = '4MB'" : "SET @x = 1";
            micros(db, SessionReset.NEVER, null); // warms up the JIT for this driver
            report.append(String.format(Locale.ROOT, "  %-10s never %6.1f us | auto, no session SQL %6.1f us | "
                            + "auto, SET each borrow %6.1f us | always %6.1f us%n", db,
                    micros(db, SessionReset.NEVER, null), micros(db, SessionReset.AUTO, null),
                    micros(db, SessionReset.AUTO, set), micros(db, SessionReset.ALWAYS, null)));
        }
        System.out.println(report);
    }

    /** The median of three runs of {@link #CYCLES} cycles each, after a warm-up: the machine is shared. */
    private static double micros(SessionDb db, SessionReset mode, String sessionSql) throws SQLException {
        try (TidepoolDataSource ds = new TidepoolDataSource(db.onePool(mode, null).build())) {
            cycles(ds, WARMUP, sessionSql);
            double[] runs = new double[3];
            for (int r = 0; r < runs.length; r++) {
                long start = System.nanoTime();
                cycles(ds, CYCLES, sessionSql);
                runs[r] = (System.nanoTime() - start) / 1000.0 / CYCLES;
            }
            java.util.Arrays.sort(runs);
            return runs[1];
        }
    }

    private static void cycles(TidepoolDataSource ds, int n, String sessionSql) throws SQLException {
        for (int i = 0; i < n; i++) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                if (sessionSql != null) {
                    s.execute(sessionSql);
                }
                try (ResultSet rs = s.executeQuery("select 1")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1));
                }
            }
        }
    }
}
