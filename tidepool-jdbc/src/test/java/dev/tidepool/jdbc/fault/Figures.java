package dev.tidepool.jdbc.fault;

/**
 * Prints one line of measured figures per test and database, in a form docs/reliability.md
 * collects: {@code [fault-figures] test | database | key=value, ...}.
 */
final class Figures {
    private Figures() {
    }

    static void report(String test, FaultDb db, String figures) {
        System.out.println("[fault-figures] " + test + " | " + db.name + " | " + figures);
    }

    static String ms(long nanos) {
        return nanos < 0 ? "never" : (nanos / 1_000_000) + " ms";
    }
}
