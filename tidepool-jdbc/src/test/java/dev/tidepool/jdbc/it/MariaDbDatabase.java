package dev.tidepool.jdbc.it;

import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** MariaDB on 127.0.0.1:3306, database {@code test}, user {@code root} without a password. */
final class MariaDbDatabase extends ItDatabase {

    /** A login is created for both, so it matches whether or not the server resolves 127.0.0.1 to a name. */
    private static final List<String> LOGIN_HOSTS = List.of("%", "localhost");

    /**
     * InnoDB refreshes the cache behind {@code information_schema.innodb_trx} only when it has not
     * been read for 100 ms; a reader polling faster keeps seeing the old rows forever.
     */
    private static final long TRX_CACHE_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(120);

    private final DbTarget target;
    private String otherCatalog;
    private long lastTrxRead = System.nanoTime() - TRX_CACHE_IDLE_NANOS;

    private MariaDbDatabase(DbTarget target) {
        super("mariadb");
        this.target = target;
    }

    /** Skips the test locally, or fails it with CI=true, when the server is not there. */
    static ItDatabase connect() throws SQLException {
        return new MariaDbDatabase(TestDatabases.requireAvailable(TestDatabases.mariadb())).open();
    }

    @Override
    DbTarget target() {
        return target;
    }

    @Override
    String sessionIdSql() {
        return "select connection_id()";
    }

    @Override
    String currentUserSql() {
        return "select substring_index(current_user(), '@', 1)";
    }

    @Override
    String createLogin(String password) throws SQLException {
        String user = newName("u");
        for (String host : LOGIN_HOSTS) {
            String account = "'" + user + "'@'" + host + "'";
            execute("create user if not exists " + account + " identified by '" + password + "'");
            onClose("drop user if exists " + account);
            execute("grant all on test.* to " + account);
        }
        return user;
    }

    @Override
    boolean checksPasswords() {
        return true;
    }

    @Override
    SessionCounter countedPool(String purpose) throws SQLException {
        return countedByLogin(purpose, "select count(*) from information_schema.processlist where user = ?");
    }

    @Override
    Map<String, String> serverView(Connection c) throws SQLException {
        Map<String, String> view = new LinkedHashMap<>();
        view.put("isolation", sessionVariable(c, "tx_isolation", "transaction_isolation"));
        view.put("read_only", sessionVariable(c, "tx_read_only", "transaction_read_only"));
        view.put("autocommit", queryString(c, "select @@session.autocommit"));
        view.put("database", queryString(c, "select database()"));
        return view;
    }

    /** MariaDB 11.1 added the {@code transaction_*} names; older servers know only {@code tx_*}. */
    private static String sessionVariable(Connection c, String name, String newerName) throws SQLException {
        try {
            return queryString(c, "select @@session." + name);
        } catch (SQLException unknownVariable) {
            return queryString(c, "select @@session." + newerName);
        }
    }

    @Override
    int openTransactions(long sessionId) throws SQLException {
        long fresh = lastTrxRead + TRX_CACHE_IDLE_NANOS;
        for (long wait = fresh - System.nanoTime(); wait > 0; wait = fresh - System.nanoTime()) {
            LockSupport.parkNanos(wait); // lets the server's cache refresh; nothing of ours is awaited
        }
        int open = queryInt(admin(), "select count(*) from information_schema.innodb_trx where trx_mysql_thread_id = ?",
                sessionId);
        lastTrxRead = System.nanoTime();
        return open;
    }

    @Override
    String otherCatalog() throws SQLException {
        if (otherCatalog == null) {
            otherCatalog = newName("db");
            execute("create database " + otherCatalog);
            onClose("drop database if exists " + otherCatalog);
        }
        return otherCatalog;
    }

    @Override
    String defaultCatalog() {
        return "test";
    }
}
