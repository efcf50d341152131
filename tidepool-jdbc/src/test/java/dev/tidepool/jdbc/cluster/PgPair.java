package dev.tidepool.jdbc.cluster;

import dev.tidepool.testkit.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The primary/replica pair the cluster tests run on: PostgreSQL 15 clusters {@code tp_primary}
 * (127.0.0.1:5433) and its streaming replica {@code tp_replica} (127.0.0.1:5434), created fresh by
 * {@code .ci/prepare-pg-cluster.sh create} and removed by {@code drop}. Never touches the main
 * cluster on 5432. Needs root and PostgreSQL 15's server packages: with CI=true their absence
 * fails, otherwise the tests are skipped with a notice.
 */
final class PgPair {
    static final int PRIMARY_PORT = 5433;
    static final int REPLICA_PORT = 5434;
    static final String HOSTS = "127.0.0.1:" + PRIMARY_PORT + ",127.0.0.1:" + REPLICA_PORT;
    /** Bounds the driver's connect and every statement, so a stopped server cannot hang a test. */
    static final String URL = "jdbc:postgresql://127.0.0.1:" + PRIMARY_PORT
            + "/postgres?connectTimeout=2&socketTimeout=5&ApplicationName=tp_cluster";
    private static final long COMMAND_SECONDS = 120;
    /** How long the replica gets to replay what the primary wrote. */
    private static final Duration REPLAY_BOUND = Duration.ofSeconds(30);

    private PgPair() {
    }

    private static Path script() {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path s = d.resolve(".ci/prepare-pg-cluster.sh");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        return null;
    }

    /** Creates a fresh pair (dropping an old one), or skips / fails the test when it cannot. */
    static void create() throws Exception {
        String missing = missingPrerequisite();
        if (missing != null) {
            String message = "cluster tests need " + missing;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + " (CI=true: a missing prerequisite fails the build)");
            }
            System.err.println("[cluster] " + message + "; tests skipped (set CI=true to make this a failure)");
            Assumptions.abort(message);
        }
        run(List.of("bash", script().toString(), "create"));
    }

    static void drop() throws Exception {
        if (missingPrerequisite() == null) {
            run(List.of("bash", script().toString(), "drop"));
        }
    }

    private static String missingPrerequisite() {
        if (script() == null) {
            return ".ci/prepare-pg-cluster.sh above " + System.getProperty("user.dir");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "root (to create PostgreSQL clusters; running as " + System.getProperty("user.name") + ")";
        }
        if (!Files.isExecutable(Paths.get("/usr/bin/pg_createcluster"))
                || !Files.isExecutable(Paths.get("/usr/lib/postgresql/15/bin/pg_basebackup"))) {
            return "PostgreSQL 15 with postgresql-common (pg_createcluster, pg_basebackup)";
        }
        return null;
    }

    /** Stops the primary the hard way: no shutdown checkpoint, every backend killed at once. */
    static void stopPrimaryImmediately() throws Exception {
        ctl("tp_primary", "stop", "-m", "immediate");
    }

    static void promoteReplica() throws Exception {
        ctl("tp_replica", "promote");
    }

    static void stopReplicaImmediately() throws Exception {
        ctl("tp_replica", "stop", "-m", "immediate");
    }

    static void startReplica() throws Exception {
        ctl("tp_replica", "start");
    }

    private static void ctl(String cluster, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", "15", cluster));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + COMMAND_SECONDS + " s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " failed with exit code " + p.exitValue() + ":\n" + output);
        }
    }

    /** A direct connection (no pool) to one server of the pair, as postgres. */
    static Connection direct(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                + "/postgres?connectTimeout=2&socketTimeout=5", "postgres", null);
    }

    /** Runs {@code sql} on the primary and waits (bounded) until the replica has replayed it. */
    static void executeAndReplicate(String sql) throws Exception {
        try (Connection c = direct(PRIMARY_PORT); Statement s = c.createStatement()) {
            s.execute(sql);
            String lsn;
            try (ResultSet r = s.executeQuery("SELECT pg_current_wal_lsn()")) {
                r.next();
                lsn = r.getString(1);
            }
            try (Connection rc = direct(REPLICA_PORT); Statement rs = rc.createStatement()) {
                if (!Poll.within(REPLAY_BOUND, () -> replayed(rs, lsn))) {
                    throw new AssertionError("the replica did not replay " + lsn + " within " + REPLAY_BOUND.toSeconds() + " s");
                }
            }
        }
    }

    private static boolean replayed(Statement replica, String lsn) throws SQLException {
        try (ResultSet r = replica.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn")) {
            r.next();
            return r.getBoolean(1);
        }
    }
}
