package dev.tidepool.jdbc.secrets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 4, item 7: a password appears in no log line (every level, Tidepool's loggers opened up to
 * ALL; System.Logger goes to java.util.logging), no exception message or stack trace (causes and
 * suppressed included), no toString, thread name, stats, holder list or diagnosis, and nothing on
 * stdout/stderr, during runs with right and wrong passwords on H2, MariaDB and PostgreSQL.
 */
class NoPasswordInOutputTest {
    private final String right = "Right-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final String wrong = "Wrong-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    private final StringBuilder seen = new StringBuilder();
    private final List<String> passwords = new ArrayList<>(List.of(right, wrong));
    private final Logger root = Logger.getLogger("");
    private final Logger tidepool = Logger.getLogger("dev.tidepool");
    private Level tidepoolLevel;
    private PrintStream out;
    private PrintStream err;
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            record(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureEverything() {
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        tidepoolLevel = tidepool.getLevel();
        tidepool.setLevel(Level.ALL);
        out = System.out;
        err = System.err;
        System.setOut(tee(out));
        System.setErr(tee(err));
    }

    @AfterEach
    void restore() {
        System.setOut(out);
        System.setErr(err);
        tidepool.setLevel(tidepoolLevel);
        root.removeHandler(capture);
    }

    private PrintStream tee(PrintStream original) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                original.write(b);
                line.write(b);
                if (b == '\n') {
                    record(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    private void record(String text) {
        synchronized (seen) {
            seen.append(text).append('\n');
        }
    }

    private void recordThreads() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            record("thread: " + t.getName());
        }
    }

    private void recordFailure(Executable action) {
        Throwable t = assertThrows(Throwable.class, action);
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        record(trace.toString());
    }

    private void recordPool(TidepoolDataSource ds) {
        record(ds.toString());
        record(ds.config().toString());
        record(String.valueOf(ds.stats()));
        record(String.valueOf(ds.holders()));
        record(String.valueOf(ds.diagnose()));
        recordThreads();
    }

    /** Right and wrong passwords: in the main pool's config, as partitions, at start-up, on timeout. */
    private void exercise(String url, String user) throws Exception {
        TidepoolConfig.Builder base = TidepoolConfig.builder().jdbcUrl(url).username(user).maxSize(2).minIdle(0)
                .acquireTimeout(Duration.ofSeconds(3)).validationTimeout(Duration.ofSeconds(1));
        // start-up with a wrong password (failFast)
        recordFailure(() -> new TidepoolDataSource(base.password(wrong).poolName("secrets-startup").build()).close());
        // no failFast: the first borrow fails
        try (TidepoolDataSource ds = new TidepoolDataSource(base.password(wrong).failFast(false)
                .poolName("secrets-lazy").build())) {
            recordFailure(() -> ds.getConnection().close());
            recordPool(ds);
        }
        try (TidepoolDataSource ds = new TidepoolDataSource(base.password(right).failFast(true)
                .poolName("secrets-right").build())) {
            try (Connection c = ds.getConnection(); Connection p = ds.getConnection(user, right)) {
                assertTrue(c.isValid(1) && p.isValid(1));
                record(c.toString());
                record(p.toString());
                recordPool(ds);
                recordFailure(() -> ds.getConnection(user, wrong).close());
                recordPool(ds);
            }
            recordPool(ds);
        }
        // the configuration's own errors, next to a password
        Properties props = new Properties();
        props.setProperty("jdbcUrl", url);
        props.setProperty("username", user);
        props.setProperty("password", right);
        props.setProperty("maxSize", "many");
        recordFailure(() -> TidepoolDataSource.fromProperties(props).close());
        props.setProperty("maxSize", "2");
        props.setProperty("pasword", wrong);
        recordFailure(() -> TidepoolDataSource.fromProperties(props).close());
        props.remove("pasword");
        props.setProperty("jdbcUrl", url.replace("jdbc:", "jdbc:unknown:"));
        recordFailure(() -> TidepoolDataSource.fromProperties(props).close());
    }

    private void assertNoPasswordSeen() {
        String text;
        synchronized (seen) {
            text = seen.toString();
        }
        assertTrue(text.length() > 1000, "the capture saw the run: " + text.length() + " characters");
        for (String password : passwords) {
            int at = text.indexOf(password);
            assertFalse(at >= 0, "a password in the output: ..."
                    + text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 100)).replace(password, "<HERE>"));
        }
    }

    @Test
    void onH2() throws Exception {
        String url = "jdbc:h2:mem:secrets-out-" + ThreadLocalRandom.current().nextInt(1 << 30) + ";DB_CLOSE_DELAY=-1";
        try (Connection setup = DriverManager.getConnection(url, "sa", ""); Statement s = setup.createStatement()) {
            s.execute("CREATE USER carol PASSWORD '" + right + "' ADMIN");
            exercise(url, "carol");
        }
        assertNoPasswordSeen();
    }

    @Test
    void onMariaDb() throws Exception {
        DbTarget db = TestDatabases.requireAvailable(TestDatabases.mariadb());
        String user = "tp_secret_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        try (Connection admin = db.connect(); Statement s = admin.createStatement()) {
            s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + right + "'");
            s.execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + right + "'");
            s.execute("GRANT ALL ON test.* TO '" + user + "'@'%'");
            s.execute("GRANT ALL ON test.* TO '" + user + "'@'localhost'");
            try {
                exercise(db.url(), user);
            } finally {
                s.execute("DROP USER IF EXISTS '" + user + "'@'%'");
                s.execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
            }
        }
        assertNoPasswordSeen();
    }

    @Test
    void onPostgresWithAPasswordCheckingRole() throws Exception {
        DbTarget pg = PasswordRole.postgres();
        passwords.add(PasswordRole.PASSWORD);
        TidepoolConfig.Builder base = TidepoolConfig.builder().jdbcUrl(pg.url()).username(PasswordRole.USER)
                .maxSize(2).minIdle(0).acquireTimeout(Duration.ofSeconds(3)).validationTimeout(Duration.ofSeconds(1));
        recordFailure(() -> new TidepoolDataSource(base.password(wrong).poolName("secrets-pg-startup").build()).close());
        try (TidepoolDataSource ds = new TidepoolDataSource(base.password(PasswordRole.PASSWORD)
                .poolName("secrets-pg").build())) {
            try (Connection c = ds.getConnection(); Connection admin = ds.getConnection("postgres", "")) {
                record(c.toString() + admin);
                recordPool(ds);
                recordFailure(() -> ds.getConnection(PasswordRole.USER, wrong).close());
                recordFailure(() -> ds.getConnection("postgres", PasswordRole.PASSWORD).unwrap(SQLException.class));
                recordPool(ds);
            }
        }
        assertNoPasswordSeen();
    }
}
