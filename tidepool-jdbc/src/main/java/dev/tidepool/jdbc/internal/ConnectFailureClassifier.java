package dev.tidepool.jdbc.internal;

import dev.tidepool.jdbc.ConnectFailure;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Tells why a connect failed ({@link ConnectFailure}) from what the driver threw.
 *
 * <p>The evidence is read in four passes over the whole chain (causes and
 * {@link SQLException#getNextException() next exceptions}, outermost first), strongest first, so
 * a precise server answer is never overruled by a vague wrapper:
 * <ol>
 *   <li>Server answers: SQLStates and vendor error codes that name the problem exactly
 *       (PostgreSQL {@code 28P01}/{@code 28000} auth, {@code 3D000} no database, {@code 53300} too
 *       many connections, {@code 57P03} cannot connect now; MariaDB/MySQL {@code 1045} access denied,
 *       {@code 1049} unknown database, {@code 1040}/{@code 1203}/{@code 1226} connection limits,
 *       {@code 2005} unknown host; H2 {@code 28000}, {@code 90146}/{@code 90013}/{@code 90149}).
 *   <li>Network exception types: {@link UnknownHostException}, {@link SSLException},
 *       {@link SocketTimeoutException}/{@link SQLTimeoutException}, {@link ConnectException}.
 *       Drivers wrap these in a generic {@code 08001}/{@code 08000}/{@code 90067}, so the
 *       generic state alone says nothing.
 *   <li>Message text, for drivers that throw without a cause (PostgreSQL's "Connection attempt
 *       timed out.", "The server does not support SSL.", MariaDB's "Could not connect ...").
 *   <li>Vague connect codes as a last resort (MariaDB/MySQL {@code 2002}/{@code 2003} can't
 *       connect, {@code 2013} lost connection during the handshake).
 * </ol>
 *
 * <p>Vendor error codes are read for every driver: MySQL's four-digit connect codes do not
 * collide with the codes PostgreSQL (always 0) and H2 (five digits) use.
 */
public final class ConnectFailureClassifier {

    /** Bound on the chain walked, against cycles and very long chains. */
    private static final int MAX_CHAIN = 16;

    private static final Map<String, ConnectFailure> SQL_STATES = Map.ofEntries(
            Map.entry("28000", ConnectFailure.AUTH_FAILED),        // invalid authorization (PG, MariaDB, H2)
            Map.entry("28P01", ConnectFailure.AUTH_FAILED),        // PG invalid_password
            Map.entry("3D000", ConnectFailure.DATABASE_NOT_FOUND), // PG invalid_catalog_name
            Map.entry("53300", ConnectFailure.SERVER_FULL),        // PG too_many_connections (also per-role limit)
            Map.entry("57P03", ConnectFailure.REFUSED),            // PG cannot_connect_now: starting up, shutting down, recovery
            Map.entry("90146", ConnectFailure.DATABASE_NOT_FOUND), // H2 not found with IFEXISTS=TRUE
            Map.entry("90013", ConnectFailure.DATABASE_NOT_FOUND), // H2 database not found
            Map.entry("90149", ConnectFailure.DATABASE_NOT_FOUND)  // H2 not found, remote creation not allowed
    );

    private static final Map<Integer, ConnectFailure> ERROR_CODES = Map.ofEntries(
            Map.entry(1044, ConnectFailure.AUTH_FAILED),        // ER_DBACCESS_DENIED_ERROR: user may not use that database
            Map.entry(1045, ConnectFailure.AUTH_FAILED),        // ER_ACCESS_DENIED_ERROR: wrong user/password
            Map.entry(1130, ConnectFailure.AUTH_FAILED),        // ER_HOST_NOT_PRIVILEGED: user not allowed from this host
            Map.entry(1251, ConnectFailure.AUTH_FAILED),        // ER_NOT_SUPPORTED_AUTH_MODE
            Map.entry(1698, ConnectFailure.AUTH_FAILED),        // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
            Map.entry(1049, ConnectFailure.DATABASE_NOT_FOUND), // ER_BAD_DB_ERROR: unknown database
            Map.entry(1040, ConnectFailure.SERVER_FULL),        // ER_CON_COUNT_ERROR: too many connections
            Map.entry(1203, ConnectFailure.SERVER_FULL),        // ER_TOO_MANY_USER_CONNECTIONS
            Map.entry(1226, ConnectFailure.SERVER_FULL),        // ER_USER_LIMIT_REACHED: max_user_connections
            Map.entry(2005, ConnectFailure.UNKNOWN_HOST),       // CR_UNKNOWN_HOST
            Map.entry(28000, ConnectFailure.AUTH_FAILED),       // H2 WRONG_USER_OR_PASSWORD
            Map.entry(90146, ConnectFailure.DATABASE_NOT_FOUND),
            Map.entry(90013, ConnectFailure.DATABASE_NOT_FOUND),
            Map.entry(90149, ConnectFailure.DATABASE_NOT_FOUND)
    );

    /**
     * Microsoft SQL Server error numbers (mssql-jdbc), read only from the driver's own exceptions:
     * the numbers are SQL Server's, and four- and five-digit codes of other vendors could collide.
     * From the documented numbers; the driver's connect texts are matched below and tested live.
     */
    private static final Map<Integer, ConnectFailure> SQLSERVER_CODES = Map.of(
            18456, ConnectFailure.AUTH_FAILED,        // Login failed for user (the state in the server log says why)
            18452, ConnectFailure.AUTH_FAILED,        // login from an untrusted domain (Windows authentication)
            18486, ConnectFailure.AUTH_FAILED,        // account locked out
            18487, ConnectFailure.AUTH_FAILED,        // password expired
            18488, ConnectFailure.AUTH_FAILED,        // password must be changed
            4060, ConnectFailure.DATABASE_NOT_FOUND,  // cannot open database requested by the login
            4064, ConnectFailure.DATABASE_NOT_FOUND,  // cannot open the user's default database
            17809, ConnectFailure.SERVER_FULL,        // the maximum number of user connections was reached
            233, ConnectFailure.REFUSED,              // no process on the other end of the pipe: server not accepting
            10054, ConnectFailure.REFUSED             // connection reset by peer during login
    );

    /** Vague MariaDB/MySQL client codes, trusted only when nothing more precise was found. */
    private static final Map<Integer, ConnectFailure> FALLBACK_CODES = Map.of(
            2002, ConnectFailure.REFUSED, // CR_CONNECTION_ERROR: can't connect (socket)
            2003, ConnectFailure.REFUSED, // CR_CONN_HOST_ERROR: can't connect to server on host
            2013, ConnectFailure.TIMEOUT  // CR_SERVER_LOST: lost connection while reading the handshake
    );

    /** Message patterns, in order; matched against the lower-cased message of each throwable. */
    private static final List<Map.Entry<Pattern, ConnectFailure>> MESSAGES = List.of(
            message("password authentication failed|authentication failed|access denied"
                    + "|no password was provided|wrong user name or password|no pg_hba\\.conf entry"
                    + "|login failed|role \\S+ does not exist", ConnectFailure.AUTH_FAILED),
            message("unknown database|database \\S+ does not exist|database \\S+ not found",
                    ConnectFailure.DATABASE_NOT_FOUND),
            message("too many connections|too many clients|connection slots are reserved"
                    + "|max_user_connections", ConnectFailure.SERVER_FULL),
            message("unknownhost|name or service not known|nodename nor servname|no such host"
                    + "|temporary failure in name resolution", ConnectFailure.UNKNOWN_HOST),
            // mssql-jdbc keeps only the UnknownHostException's text, which is the host name itself
            // when the JVM answers from its negative DNS cache: "... to the host h, port 1433 has
            // failed. Error: "h. Verify the connection properties..."
            message("tcp/ip connection to the host ([^,\\s]+), port \\d+ has failed\\. error: \"\\1[.:]",
                    ConnectFailure.UNKNOWN_HOST),
            message("\\bssl\\b|\\btls\\b|handshake|certificate|secure connection", ConnectFailure.TLS),
            message("timed out|timeout", ConnectFailure.TIMEOUT),
            message("connection refused|could not connect", ConnectFailure.REFUSED));

    private ConnectFailureClassifier() {
    }

    /** The class of the connect failure {@code failure}; {@link ConnectFailure#OTHER} when nothing is known. */
    public static ConnectFailure classify(Throwable failure) {
        return verdict(failure).failure();
    }

    /**
     * Whether a failure of this class will stand however long one waits (wrong credentials, missing
     * database): the pool should back off and fail waiters fast instead of hammering the server.
     */
    public static boolean persistent(ConnectFailure failure) {
        return failure != null && failure.isPersistent();
    }

    /**
     * {@code persistent(classify(createFailure))}: what a JDBC {@code ResourceFactory.failsFast}
     * returns.
     */
    public static boolean failsFast(Throwable createFailure) {
        return persistent(classify(createFailure));
    }

    /**
     * {@code classify(createFailure).isDefiniteAtStart()}: what a JDBC
     * {@code ResourceFactory.failsFastBeforeFirstCreate} returns.
     */
    public static boolean definiteAtStart(Throwable createFailure) {
        return classify(createFailure).isDefiniteAtStart();
    }

    /**
     * One line for messages and logs: the class, what the driver said and the fix, e.g. {@code
     * AUTH_FAILED: password authentication failed for user "x" — check username/password (the
     * server rejected the login)}. Password-like URL parameters are masked.
     */
    public static String describe(Throwable failure) {
        return describe(failure, null);
    }

    /** {@link #describe(Throwable)}, also masking every occurrence of {@code password} (when not empty). */
    public static String describe(Throwable failure, String password) {
        Verdict v = verdict(failure);
        String text = ConnectFailureMessage.describe(v, password);
        return v.failure() == ConnectFailure.TLS && fromSqlServer(v.chain()) ? text + SQLSERVER_TLS_HINT : text;
    }

    /** mssql-jdbc encrypts by default (since 10.2): the options to name when TLS fails. */
    static final String SQLSERVER_TLS_HINT = "; SQL Server: the driver encrypts by default (encrypt=true):"
            + " trust the server's certificate (trustStore, or trustServerCertificate=true for testing only),"
            + " check hostNameInCertificate, or set encrypt=false if the server has no TLS";

    private static boolean fromSqlServer(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t.getClass().getName().startsWith("com.microsoft.sqlserver.")) {
                return true;
            }
        }
        return false;
    }

    /** What the driver said (cleaned, password-like parameters masked), without the class or the hint. */
    public static String detail(Throwable failure, String password) {
        return ConnectFailureMessage.detail(verdict(failure), password);
    }

    /** The class, and the throwable in the chain that decided it (null for OTHER). */
    record Verdict(ConnectFailure failure, Throwable evidence, List<Throwable> chain) {
    }

    static Verdict verdict(Throwable failure) {
        List<Throwable> chain = chain(failure);
        for (Throwable t : chain) {
            ConnectFailure f = byServerAnswer(t);
            if (f != null) {
                return new Verdict(f, t, chain);
            }
        }
        for (ConnectFailure wanted : List.of(ConnectFailure.UNKNOWN_HOST, ConnectFailure.TLS,
                ConnectFailure.TIMEOUT, ConnectFailure.REFUSED)) {
            for (Throwable t : chain) {
                if (byType(t) == wanted) {
                    return new Verdict(wanted, t, chain);
                }
            }
        }
        for (Map.Entry<Pattern, ConnectFailure> m : MESSAGES) {
            for (Throwable t : chain) {
                String text = t.getMessage();
                if (text != null && m.getKey().matcher(text.toLowerCase(Locale.ROOT)).find()) {
                    return new Verdict(m.getValue(), t, chain);
                }
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SQLException && FALLBACK_CODES.containsKey(((SQLException) t).getErrorCode())) {
                return new Verdict(FALLBACK_CODES.get(((SQLException) t).getErrorCode()), t, chain);
            }
        }
        return new Verdict(ConnectFailure.OTHER, null, chain);
    }

    private static ConnectFailure byServerAnswer(Throwable t) {
        if (!(t instanceof SQLException)) {
            return null;
        }
        SQLException e = (SQLException) t;
        String state = e.getSQLState();
        if (state != null && SQL_STATES.containsKey(state)) {
            return SQL_STATES.get(state);
        }
        if (e.getClass().getName().startsWith("com.microsoft.sqlserver.")) {
            ConnectFailure f = SQLSERVER_CODES.get(e.getErrorCode());
            if (f != null) {
                return f;
            }
        }
        return ERROR_CODES.get(e.getErrorCode());
    }

    private static ConnectFailure byType(Throwable t) {
        if (t instanceof UnknownHostException) {
            return ConnectFailure.UNKNOWN_HOST;
        }
        if (t instanceof SSLException) {
            return ConnectFailure.TLS;
        }
        if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException
                || t instanceof TimeoutException || t instanceof NoRouteToHostException) {
            return ConnectFailure.TIMEOUT;
        }
        if (t instanceof ConnectException) {
            String text = t.getMessage();
            return text != null && text.toLowerCase(Locale.ROOT).contains("timed out")
                    ? ConnectFailure.TIMEOUT : ConnectFailure.REFUSED;
        }
        if (t instanceof PortUnreachableException) {
            return ConnectFailure.REFUSED;
        }
        return null;
    }

    /** {@code failure}, its causes and next exceptions, outermost first, each once. */
    static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>();
        if (failure != null) {
            todo.add(failure);
        }
        while (!todo.isEmpty() && chain.size() < MAX_CHAIN) {
            Throwable t = todo.remove(0);
            if (t == null || !seen.add(t)) {
                continue;
            }
            chain.add(t);
            todo.add(t.getCause());
            if (t instanceof SQLException) {
                todo.add(((SQLException) t).getNextException());
            }
        }
        return chain;
    }

    private static Map.Entry<Pattern, ConnectFailure> message(String regex, ConnectFailure failure) {
        return Map.entry(Pattern.compile(regex), failure);
    }
}
