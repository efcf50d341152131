package dev.tidepool.jdbc;

import dev.tidepool.jdbc.internal.ConnectionWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every method of every wrapped {@code java.sql} interface, by reflection, so the delegation
 * generated at build time is pinned as the hand-written methods are: on an open wrapper each call
 * reaches the driver's object, and a driver's error comes back as thrown and marks the connection
 * for destruction (the classifier saw it); on a wrapper whose connection went back to the pool,
 * each call throws {@link SQLException}. The exceptions are the methods that do not reach the
 * driver or do not fail by design; each is named below with its reason.
 *
 * <p>The driver here records every call: a {@link Proxy} per JDBC object, so no method of a new
 * Java release can be missed by a hand-written stub.
 */
class WrapperContractTest {

    /** The interfaces the pool wraps, by how the test reaches a wrapper of each. */
    private static final List<Class<?>> WRAPPED = List.of(Connection.class, Statement.class,
            PreparedStatement.class, CallableStatement.class, ResultSet.class, DatabaseMetaData.class);

    /** Open wrapper, methods that answer from the pool's own state instead of calling the driver. */
    private static final Map<Class<?>, Set<String>> ANSWERED_BY_THE_POOL = Map.of(
            Connection.class, Set.of("close", "isClosed"), // returns the entry; reads the wrapper's state
            Statement.class, Set.of("getConnection"),      // the connection wrapper, not the driver's
            ResultSet.class, Set.of("getStatement"),       // the statement wrapper, not the driver's
            DatabaseMetaData.class, Set.of("getConnection"));

    /** Open wrapper, methods that do not pass a driver's error through the classifier. */
    private static final Map<Class<?>, Set<String>> NOT_CLASSIFIED = Map.of(
            DatabaseMetaData.class, Set.of("getDriverMajorVersion", "getDriverMinorVersion")); // cannot throw SQLException

    /** Closed wrapper, methods that do not fail (JDBC allows them, or the pool always answered them). */
    private static final Map<Class<?>, Set<String>> ALLOWED_WHEN_CLOSED = Map.of(
            Connection.class, Set.of("close", "abort", "isClosed", "isValid"),
            Statement.class, Set.of("close", "isClosed", "getConnection"),
            ResultSet.class, Set.of("close", "isClosed", "getStatement"),
            DatabaseMetaData.class, Set.of("getConnection", "getDriverMajorVersion", "getDriverMinorVersion"));

    private static final RecordingDriver driver = new RecordingDriver();
    private static TidepoolDataSource ds;

    @BeforeAll
    static void start() throws SQLException {
        ds = new TidepoolDataSource(TidepoolConfig.builder().dataSource(driver).poolName(Pools.uniqueName("contract"))
                .maxSize(2).minIdle(0).acquireTimeout(java.time.Duration.ofSeconds(5))
                .validationTimeout(java.time.Duration.ofSeconds(1)).drainTimeout(java.time.Duration.ofSeconds(5))
                .build());
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    @TestFactory
    Stream<DynamicTest> everyMethodOfAnOpenWrapperReachesTheDriver() {
        return cases().map(t -> DynamicTest.dynamicTest(t.name(), () -> {
            try (Connection c = ds.getConnection()) {
                Object wrapper = t.wrapperOn(c);
                driver.calls.clear();
                invokeIgnoringSqlErrors(wrapper, t.method());
                boolean reached = driver.calls.contains(t.signature());
                if (t.isListed(ANSWERED_BY_THE_POOL)) {
                    assertFalse(reached, t.name() + " is listed as answered by the pool but reached the driver");
                } else {
                    assertTrue(reached, t.name() + " did not reach the driver; calls: " + driver.calls);
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> aDriversErrorIsThrownAsIsAndTheConnectionIsDestroyed() {
        return cases().filter(t -> !t.isListed(ANSWERED_BY_THE_POOL) && !t.isListed(NOT_CLASSIFIED))
                .map(t -> DynamicTest.dynamicTest(t.name(), () -> {
                    boolean clientInfo = Arrays.asList(t.method().getExceptionTypes()).equals(List.of(SQLClientInfoException.class));
                    SQLException failure = clientInfo // what the method may throw, as a driver would
                            ? new SQLClientInfoException("broken pipe (test)", "08006", 0, Map.of())
                            : new SQLException("broken pipe (test)", "08006");
                    int destroyed = driver.physicalCloses.get();
                    try (Connection c = ds.getConnection()) {
                        Object wrapper = t.wrapperOn(c);
                        driver.fail(t.signature(), failure);
                        try {
                            t.method().invoke(wrapper, arguments(t.method()));
                            fail(t.name() + " did not throw the driver's error");
                        } catch (InvocationTargetException e) {
                            assertSame(failure, e.getCause(), t.name());
                        } finally {
                            driver.fail(null, null);
                        }
                    }
                    // A class-08 error marks the connection dead: it is destroyed on return, never lent again.
                    Pools.await(t.name() + "'s error destroys the connection",
                            () -> driver.physicalCloses.get() > destroyed);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyMethodOfAClosedWrapperThrows() {
        return cases().map(t -> DynamicTest.dynamicTest(t.name(), () -> {
            Connection c = ds.getConnection();
            Object wrapper = t.wrapperOn(c);
            c.close(); // the pool closes the statements (and so their result sets) left open
            driver.calls.clear();
            boolean allowed = t.isListed(ALLOWED_WHEN_CLOSED);
            try {
                t.method().invoke(wrapper, arguments(t.method()));
                assertTrue(allowed, t.name() + " did not throw on a closed wrapper");
            } catch (InvocationTargetException e) {
                assertTrue(e.getCause() instanceof SQLException, t.name() + " threw " + e.getCause());
                assertFalse(allowed, t.name() + " is listed as allowed when closed but threw " + e.getCause());
            }
            if (!allowed && (t.type() == Connection.class || t.type() == DatabaseMetaData.class)) {
                assertFalse(driver.calls.contains(t.signature()), t.name() + " reached the connection after its return");
            }
        }));
    }

    /**
     * The delegation is generated, so a setter a new Java release adds to {@code Connection}
     * would pass straight to the driver and the return would not restore it. Whether it needs a
     * dirty bit is a decision; this makes the new setter fail here until it is taken.
     */
    @Test
    void everyConnectionSetterIsDecided() {
        Set<String> restoredOnReturn = Set.of("setAutoCommit", "setReadOnly", "setCatalog",
                "setTransactionIsolation", "setHoldability", "setSchema", "setNetworkTimeout");
        Set<String> notRestored = Set.of( // the return does not restore these (as before the generator)
                "setSavepoint",          // lives in the transaction the return rolls back
                "setTypeMap", "setClientInfo", "setShardingKey", "setShardingKeyIfValid");
        for (Method m : Connection.class.getMethods()) {
            String name = m.getName();
            if (!name.startsWith("set")) {
                continue;
            }
            assertTrue(restoredOnReturn.contains(name) || notRestored.contains(name),
                    "Connection." + name + " is new: decide whether the return restores it (a dirty bit in "
                            + "ConnectionWrapper and PooledConnection) and list it here");
            if (restoredOnReturn.contains(name)) {
                assertDoesNotThrow(() -> ConnectionWrapper.class.getDeclaredMethod(name, m.getParameterTypes()),
                        name + " sets a dirty bit: ConnectionWrapper must write it, not the generated delegation");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> theListsNameRealMethods() {
        return Stream.of(ANSWERED_BY_THE_POOL, NOT_CLASSIFIED, ALLOWED_WHEN_CLOSED).flatMap(map -> map.entrySet().stream())
                .flatMap(e -> e.getValue().stream().map(name -> DynamicTest.dynamicTest(e.getKey().getSimpleName() + "." + name,
                        () -> assertTrue(Arrays.stream(e.getKey().getMethods()).anyMatch(m -> m.getName().equals(name))))));
    }

    // ---------------------------------------------------------------- helpers

    /** One method tested on a wrapper of one interface (a Statement method on each statement wrapper). */
    private record Case(Class<?> type, Method method) {
        String name() {
            return type.getSimpleName() + "." + method.getName() + Arrays.stream(method.getParameterTypes())
                    .map(Class::getSimpleName).collect(Collectors.joining(",", "(", ")"));
        }

        /** What the recording driver logs for this call on its object of this type. */
        String signature() {
            return type.getSimpleName() + "." + method.getName() + Arrays.toString(method.getParameterTypes());
        }

        boolean isListed(Map<Class<?>, Set<String>> list) {
            return list.entrySet().stream()
                    .anyMatch(e -> e.getKey().isAssignableFrom(type) && e.getValue().contains(method.getName()));
        }

        Object wrapperOn(Connection c) throws SQLException {
            if (type == Connection.class) {
                return c;
            } else if (type == Statement.class) {
                return c.createStatement();
            } else if (type == PreparedStatement.class) {
                return c.prepareStatement("x");
            } else if (type == CallableStatement.class) {
                return c.prepareCall("x");
            } else if (type == ResultSet.class) {
                return c.createStatement().executeQuery("x");
            } else if (type == DatabaseMetaData.class) {
                return c.getMetaData();
            }
            throw new AssertionError(type);
        }
    }

    /** Every public instance method of every wrapped interface, inherited ones included. */
    private static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        for (Class<?> type : WRAPPED) {
            for (Method m : type.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers())) {
                    all.add(new Case(type, m));
                }
            }
        }
        all.sort(Comparator.comparing(Case::name));
        return all.stream();
    }

    private static void invokeIgnoringSqlErrors(Object wrapper, Method m) throws Exception {
        try {
            m.invoke(wrapper, arguments(m));
        } catch (InvocationTargetException e) {
            if (!(e.getCause() instanceof SQLException)) {
                throw e;
            }
        }
    }

    private static Object[] arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = RecordingDriver.defaultValue(types[i]);
            if (types[i] == Class.class) {
                args[i] = Runnable.class; // an interface neither the wrappers nor the driver's objects implement
            } else if (types[i] == String.class) {
                args[i] = "x";
            }
        }
        return args;
    }

    /**
     * A data source whose connections, statements, result sets and metadata are proxies that log
     * every call as {@code Type.method[parameter types]}, answer with plain defaults, and, like a
     * driver, refuse every call once closed (a statement closes its result sets).
     */
    static final class RecordingDriver implements DataSource {
        final List<String> calls = new CopyOnWriteArrayList<>();
        /** Physical connections closed or aborted: what the pool does to a dead one. */
        final AtomicInteger physicalCloses = new AtomicInteger();
        private volatile String failing;
        private volatile SQLException failure;

        void fail(String signature, SQLException e) {
            failure = e;
            failing = signature;
        }

        @Override
        public Connection getConnection() {
            return (Connection) proxy(Connection.class, null);
        }

        @Override
        public Connection getConnection(String user, String password) {
            return getConnection();
        }

        private Object proxy(Class<?> type, Handler parent) {
            Handler h = new Handler(type);
            if (parent != null) {
                parent.children.add(h);
            }
            Object p = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
            h.self = p;
            return p;
        }

        private final class Handler implements InvocationHandler {
            final Class<?> type;
            final List<Handler> children = new CopyOnWriteArrayList<>();
            Object self;
            volatile boolean closed;

            Handler(Class<?> type) {
                this.type = type;
            }

            @Override
            public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
                switch (m.getName()) {
                    case "hashCode": if (m.getParameterCount() == 0) return System.identityHashCode(proxy); break;
                    case "equals": if (m.getParameterCount() == 1) return proxy == args[0]; break;
                    case "toString": if (m.getParameterCount() == 0) return "Recording" + type.getSimpleName(); break;
                    default: break;
                }
                String signature = type.getSimpleName() + "." + m.getName() + Arrays.toString(m.getParameterTypes());
                calls.add(signature);
                if (signature.equals(failing)) {
                    throw failure;
                }
                if (m.getName().equals("isClosed")) {
                    return closed;
                }
                if (m.getName().equals("close") || (type == Connection.class && m.getName().equals("abort"))) {
                    close();
                    return null;
                }
                if (closed) {
                    throw new SQLException(type.getSimpleName() + " is closed (recording driver)", "08003");
                }
                switch (m.getName()) {
                    case "isValid": case "getAutoCommit": return true;
                    case "getTransactionIsolation": return Connection.TRANSACTION_READ_COMMITTED;
                    case "getHoldability": return ResultSet.HOLD_CURSORS_OVER_COMMIT;
                    case "isWrapperFor": return false;
                    case "unwrap": throw new SQLException("not a wrapper for " + args[0]);
                    default: break;
                }
                Class<?> r = m.getReturnType();
                if (r == Connection.class) {
                    return null;
                }
                if (r == Statement.class || r == PreparedStatement.class || r == CallableStatement.class
                        || r == ResultSet.class || r == DatabaseMetaData.class) {
                    return proxy(r, this);
                }
                if (r == String.class) {
                    return "recorded";
                }
                return defaultValue(r);
            }

            void close() {
                if (type == Connection.class) {
                    physicalCloses.incrementAndGet();
                    return; // a closed connection's statements are not reached again: no state needed
                }
                closed = true;
                for (Handler child : children) {
                    if (child.type == ResultSet.class) {
                        child.close();
                    }
                }
            }
        }

        static Object defaultValue(Class<?> type) {
            if (!type.isPrimitive()) {
                return null;
            }
            if (type == boolean.class) return false;
            if (type == char.class) return '\0';
            if (type == byte.class) return (byte) 0;
            if (type == short.class) return (short) 0;
            if (type == int.class) return 0;
            if (type == long.class) return 0L;
            if (type == float.class) return 0f;
            if (type == double.class) return 0d;
            return null;
        }

        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() { return Logger.getGlobal(); }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}
