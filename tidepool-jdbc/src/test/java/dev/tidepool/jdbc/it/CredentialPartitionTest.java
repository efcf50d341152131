package dev.tidepool.jdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tidepool.jdbc.TidepoolDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code getConnection(user, password)} borrows from a partition of its own: one user's pooled
 * connection is never lent to another, and a wrong password never gets a connection (DESIGN.md
 * goal 1). The local PostgreSQL trusts every login, so there a wrong password cannot fail; the
 * test checks instead that it gets a session of its own, not the right password's.
 */
class CredentialPartitionTest {

    private static final int THREADS = 8;
    private static final int BORROWS_PER_THREAD = 100;
    private static final Duration TIME_CAP = Duration.ofSeconds(30);
    /** acquireTimeout of the pools that meet a wrong password: bounds the failing borrow. */
    private static final Duration WRONG_PASSWORD_BOUND = Duration.ofSeconds(5);

    private final String password = "Right-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final String wrongPassword = "Wrong-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void interleavedBorrowersOfTwoUsersEachGetOnlySessionsOfTheirOwnUser(Backend backend) throws Exception {
        try (ItDatabase db = backend.open()) {
            String user = db.createLogin(password);
            String admin = db.adminUser();
            Map<Long, String> ownerOfSession = new ConcurrentHashMap<>();
            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            try (TidepoolDataSource ds = new TidepoolDataSource(db.pool("partition").maxSize(4).minIdle(0).build())) {
                CountDownLatch start = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(THREADS);
                for (int t = 0; t < THREADS; t++) {
                    int first = t;
                    new Thread(() -> {
                        try {
                            start.await();
                            for (int i = 0; i < BORROWS_PER_THREAD; i++) {
                                boolean asUser = (first + i) % 2 == 0;
                                borrowAndCheck(db, ds, asUser ? user : null, asUser ? user : admin, ownerOfSession);
                            }
                        } catch (Throwable e) {
                            errors.add(e);
                        } finally {
                            done.countDown();
                        }
                    }, "it-partition-" + t).start();
                }
                start.countDown();
                assertTrue(done.await(TIME_CAP.toSeconds(), TimeUnit.SECONDS),
                        "borrowers finished within " + TIME_CAP.toSeconds() + " s: " + ds.stats().counts());
            }
            if (!errors.isEmpty()) {
                throw new AssertionError(errors.size() + " borrows failed, the first: " + errors.peek(), errors.peek());
            }
            assertTrue(ownerOfSession.containsValue(user), "some session was the created user's: " + ownerOfSession);
            assertTrue(ownerOfSession.values().stream().anyMatch(admin::equalsIgnoreCase),
                    "some session was the default user's: " + ownerOfSession);
        }
    }

    private void borrowAndCheck(ItDatabase db, TidepoolDataSource ds, String asUser, String expected,
                                Map<Long, String> ownerOfSession) throws SQLException {
        try (Connection c = asUser == null ? ds.getConnection() : ds.getConnection(asUser, password)) {
            String actual = db.currentUser(c);
            long session = db.sessionId(c);
            String owner = ownerOfSession.putIfAbsent(session, actual);
            if (!expected.equalsIgnoreCase(actual)) {
                throw new AssertionError((asUser == null ? "getConnection()" : "getConnection(" + asUser + ", ...)")
                        + " got session " + session + " of user " + actual + ", expected " + expected);
            }
            if (owner != null && !owner.equals(actual)) {
                throw new AssertionError("session " + session + " was " + owner + "'s and is now " + actual + "'s");
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(value = Backend.class, names = {"H2_IN_MEMORY", "H2_OVER_TCP", "MARIADB"})
    void wrongPasswordFailsAndNeverGetsTheRightPasswordsPooledConnection(Backend backend) throws Exception {
        try (ItDatabase db = backend.open()) {
            assertTrue(db.checksPasswords());
            String user = db.createLogin(password);
            try (TidepoolDataSource ds = new TidepoolDataSource(db.pool("wrong-password")
                    .maxSize(2).minIdle(0).acquireTimeout(WRONG_PASSWORD_BOUND).validationTimeout(Duration.ofSeconds(1)).build())) {
                long rightSession;
                try (Connection c = ds.getConnection(user, password)) {
                    rightSession = db.sessionId(c);
                } // now idle in the right password's partition

                SQLException failure = borrowExpectingFailure(db, ds, user, wrongPassword, rightSession);

                assertNotNull(failure);
                String text = chainText(failure);
                assertFalse(text.contains(password), "a password in the failure: " + text);
                assertFalse(text.contains(wrongPassword), "the wrong password in the failure: " + text);
                try (Connection c = ds.getConnection(user, password)) {
                    assertEquals(user, db.currentUser(c), "the right password still borrows after a wrong one");
                }
                try (Connection c = ds.getConnection()) {
                    assertTrue(db.adminUser().equalsIgnoreCase(db.currentUser(c)),
                            "the default credentials still borrow after a wrong password");
                }
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(value = Backend.class, names = {"H2_IN_MEMORY", "H2_OVER_TCP", "MARIADB"})
    void wrongPasswordFailureIsClassifiedAsAuthFailed(Backend backend) throws Exception {
        try (ItDatabase db = backend.open()) {
            String user = db.createLogin(password);
            try (TidepoolDataSource ds = new TidepoolDataSource(db.pool("auth-failed")
                    .maxSize(1).minIdle(0).acquireTimeout(WRONG_PASSWORD_BOUND).validationTimeout(Duration.ofSeconds(1)).build())) {
                SQLException failure = borrowExpectingFailure(db, ds, user, wrongPassword, -1);
                String text = chainText(failure);
                assertTrue(text.contains("AUTH_FAILED"), "DESIGN.md: the connect failure class is in every message "
                        + "that reports one; got: " + text);
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(value = Backend.class, names = "POSTGRESQL")
    void wrongPasswordOnATrustingServerGetsASessionOfItsOwnNotTheRightPasswords(Backend backend) throws Exception {
        try (ItDatabase db = backend.open()) {
            assertFalse(db.checksPasswords());
            String user = db.createLogin(password);
            try (TidepoolDataSource ds = new TidepoolDataSource(db.pool("trust").maxSize(2).minIdle(0).build())) {
                long rightSession;
                try (Connection c = ds.getConnection(user, password)) {
                    rightSession = db.sessionId(c);
                } // now idle in the right password's partition
                try (Connection c = ds.getConnection(user, wrongPassword)) {
                    assertNotEquals(rightSession, db.sessionId(c),
                            "other credentials must not get the right password's pooled session");
                    assertEquals(user, db.currentUser(c));
                }
                try (Connection c = ds.getConnection(user, password)) {
                    assertEquals(rightSession, db.sessionId(c), "the right password gets its pooled session back");
                }
            }
        }
    }

    /** Borrows with a wrong password; fails the test, naming the session, if a connection is lent. */
    private static SQLException borrowExpectingFailure(ItDatabase db, TidepoolDataSource ds, String user,
                                                       String wrong, long rightSession) throws SQLException {
        Connection lent;
        try {
            lent = ds.getConnection(user, wrong);
        } catch (SQLException expected) {
            return expected;
        }
        try (Connection c = lent) {
            long session = db.sessionId(c);
            fail("a wrong password was lent session " + session + " of user " + db.currentUser(c)
                    + (session == rightSession ? ", the right password's pooled connection" : ""));
            return null;
        }
    }

    /** Every message and class name along the cause chain and the suppressed exceptions. */
    private static String chainText(Throwable failure) {
        StringBuilder text = new StringBuilder();
        appendChain(failure, text, Collections.newSetFromMap(new IdentityHashMap<>()));
        return text.toString();
    }

    private static void appendChain(Throwable t, StringBuilder text, Set<Throwable> seen) {
        for (Throwable e = t; e != null && seen.add(e); e = e.getCause()) {
            text.append(e).append(" | ");
            for (Throwable s : e.getSuppressed()) {
                appendChain(s, text, seen);
            }
            if (e instanceof SQLException sql && sql.getNextException() != null) {
                appendChain(sql.getNextException(), text, seen);
            }
        }
    }
}
