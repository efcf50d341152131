package dev.tidepool.jdbc.fault;

import dev.tidepool.testkit.Poll;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Stops and starts the local database servers for the restart tests, every step bounded. The
 * servers are shared with other people's tests: callers keep outages short and call
 * {@link #ensureRunning(FaultDb)} in a finally block.
 */
final class Servers {
    private static final Duration COMMAND_BOUND = Duration.ofSeconds(60);
    private static final Duration START_BOUND = Duration.ofSeconds(60);
    private static final String MARIADBD = "/usr/sbin/mariadbd";

    private Servers() {
    }

    /** Restarts the server (PostgreSQL: fast shutdown, then start; MariaDB: shutdown, wait, start). */
    static void restart(FaultDb db) throws Exception {
        if (db.postgres) {
            run("pg_ctlcluster", "--skip-systemctl-redirect", "-m", "fast", pgVersion(), "main", "restart");
        } else {
            run("mariadb-admin", "-uroot", "-h127.0.0.1", "--connect-timeout=5", "shutdown");
            startMariaDbOnceExited(db);
        }
    }

    /**
     * Restarts the faults area's own cluster (15/tp_soak on 5435, fast shutdown) and waits
     * (bounded) until it answers again; never the shared 5432 one.
     */
    static void restartSoakCluster(FaultDb db) throws Exception {
        if (db.target.port() != FaultDb.SOAK_CLUSTER.port()) {
            throw new IllegalArgumentException("only the soak cluster on 5435 may be restarted, not " + db.target);
        }
        try {
            run("pg_ctlcluster", "--skip-systemctl-redirect", "-m", "fast", "15", "tp_soak", "restart");
        } finally {
            if (!Poll.within(START_BOUND, db::answers)) {
                run("pg_ctlcluster", "--skip-systemctl-redirect", "15", "tp_soak", "start");
            }
        }
        if (!Poll.within(START_BOUND, db::answers)) {
            throw new AssertionError("15/tp_soak did not answer within " + START_BOUND.toSeconds() + " s after a restart");
        }
    }

    /** Starts the server if it does not answer, and waits (bounded) until it does. */
    static void ensureRunning(FaultDb db) throws Exception {
        if (db.answers()) {
            return;
        }
        if (db.postgres) {
            run("pg_ctlcluster", "--skip-systemctl-redirect", pgVersion(), "main", "start");
        } else {
            startMariaDbOnceExited(db);
        }
        if (!Poll.within(START_BOUND, db::answers)) {
            throw new AssertionError(db + " did not answer within " + START_BOUND.toSeconds() + " s after a start");
        }
    }

    private static void startMariaDb() throws Exception {
        new File("/run/mysqld").mkdirs();
        run("chown", "mysql:mysql", "/run/mysqld");
        run("start-stop-daemon", "--start", "--oknodo", "--background", "--exec", MARIADBD, "--", "--user=mysql");
    }

    /**
     * Waits (bounded) until the old mariadbd has exited, then starts it; returns early if the
     * server answers meanwhile (someone sharing the server started it again).
     */
    private static void startMariaDbOnceExited(FaultDb db) throws Exception {
        boolean exited = Poll.within(Duration.ofSeconds(30),
                () -> exitCode("start-stop-daemon", "--status", "--exec", MARIADBD) != 0 || db.answers());
        if (!exited) {
            throw new AssertionError("mariadbd neither exited nor answered within 30 s of its shutdown");
        }
        if (!db.answers()) {
            startMariaDb();
        }
    }

    private static String pgVersion() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            List<String> names = versions.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            return names.get(names.size() - 1);
        }
    }

    private static void run(String... command) throws Exception {
        int code = exitCode(command);
        if (code != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + code);
        }
    }

    private static int exitCode(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(COMMAND_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + COMMAND_BOUND.toSeconds() + " s");
        }
        return p.exitValue();
    }
}
