package dev.tidepool.jdbc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.internal.config.HikariKeys;
import dev.tidepool.jdbc.internal.config.HikariKeys.Key;
import dev.tidepool.jdbc.internal.config.HikariKeys.Treatment;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code TidepoolConfig.fromHikariProperties} over every key of HikariCP's {@code HikariConfig}
 * (issue 10), and the hint {@code fromProperties} gives for a HikariCP key (issue 15). HikariCP is
 * on the test class path, so a HikariCP upgrade that adds a key fails here until the table has it.
 */
class HikariMigrationTest {

    /** Rows for keys older HikariCP versions had, so their users get an answer too. */
    private static final Set<String> LEGACY = Set.of("initializationFailFast", "jdbc4ConnectionTest");

    /** A Hikari value and what the Tidepool configuration must then say. */
    private record Mapped(Object hikariValue, Function<TidepoolConfig, Object> read, Object expected) {
    }

    private static final DataSource OBJECT = new UnusedDataSource();

    /** One case per row that maps to something: every such row must have one. */
    private static final Map<String, Mapped> MAPPED = mapped();

    private static Map<String, Mapped> mapped() {
        Map<String, Mapped> m = new LinkedHashMap<>();
        m.put("jdbcUrl", new Mapped("jdbc:h2:mem:hikari", TidepoolConfig::jdbcUrl, "jdbc:h2:mem:hikari"));
        m.put("username", new Mapped(" app ", TidepoolConfig::username, " app "));
        m.put("password", new Mapped("s3cret", TidepoolConfig::password, "s3cret"));
        m.put("driverClassName", new Mapped("org.h2.Driver", TidepoolConfig::driverClassName, "org.h2.Driver"));
        m.put("dataSourceClassName", new Mapped("org.h2.jdbcx.JdbcDataSource", TidepoolConfig::dataSourceClassName,
                "org.h2.jdbcx.JdbcDataSource"));
        m.put("dataSource.<name>", new Mapped("true", c -> c.driverProperties().get("ssl"), "true"));
        m.put("dataSourceProperties", new Mapped(Map.of("ssl", "true", "tcpKeepAlive", true),
                TidepoolConfig::driverProperties, Map.of("ssl", "true", "tcpKeepAlive", "true")));
        m.put("dataSource", new Mapped(OBJECT, TidepoolConfig::dataSource, OBJECT));
        m.put("poolName", new Mapped("orders", TidepoolConfig::poolName, "orders"));
        m.put("maximumPoolSize", new Mapped("25", TidepoolConfig::maxSize, 25));
        m.put("minimumIdle", new Mapped("3", TidepoolConfig::minIdle, 3));
        m.put("connectionTimeout", new Mapped("12500", TidepoolConfig::acquireTimeout, Duration.ofMillis(12500)));
        m.put("validationTimeout", new Mapped("750", TidepoolConfig::validationTimeout, Duration.ofMillis(750)));
        m.put("idleTimeout", new Mapped("0", TidepoolConfig::idleTimeout, Duration.ZERO));
        m.put("maxLifetime", new Mapped("1800000", TidepoolConfig::maxLifetime, Duration.ofMinutes(30)));
        m.put("keepaliveTime", new Mapped(60_000L, TidepoolConfig::keepaliveInterval, Duration.ofMinutes(1)));
        m.put("leakDetectionThreshold", new Mapped("2000", TidepoolConfig::leakThreshold, Duration.ofSeconds(2)));
        m.put("connectionTestQuery", new Mapped("SELECT 1", TidepoolConfig::validationQuery, "SELECT 1"));
        m.put("connectionInitSql", new Mapped("SET TIME ZONE 'UTC'", TidepoolConfig::connectionInitSql, "SET TIME ZONE 'UTC'"));
        m.put("transactionIsolation", new Mapped("TRANSACTION_REPEATABLE_READ", TidepoolConfig::transactionIsolation,
                Connection.TRANSACTION_REPEATABLE_READ));
        m.put("autoCommit", new Mapped("false", TidepoolConfig::autoCommit, false));
        m.put("readOnly", new Mapped("true", TidepoolConfig::readOnly, true));
        m.put("catalog", new Mapped("sales", TidepoolConfig::catalog, "sales"));
        m.put("schema", new Mapped("app", TidepoolConfig::schema, "app"));
        m.put("initializationFailTimeout", new Mapped("1", TidepoolConfig::failFast, true));
        m.put("initializationFailFast", new Mapped("false", TidepoolConfig::failFast, false));
        m.put("registerMbeans", new Mapped("true", TidepoolConfig::registerMbeans, true));
        return m;
    }

    /** HikariCP's keys, read from its HikariConfig: one per public setter, dataSource.<name> for addDataSourceProperty. */
    private static Set<String> hikariConfigKeys() throws ClassNotFoundException {
        Set<String> keys = new TreeSet<>();
        for (Method m : Class.forName("com.zaxxer.hikari.HikariConfig").getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String n = m.getName();
            if (n.startsWith("set") && n.length() > 3 && m.getParameterCount() == 1) {
                keys.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
            } else if (n.equals("addDataSourceProperty")) {
                keys.add("dataSource.<name>");
            } else if (n.equals("addHealthCheckProperty")) {
                keys.add("healthCheckProperties");
            }
        }
        return keys;
    }

    private static Set<String> tableKeys() {
        return HikariKeys.all().stream().map(Key::hikari).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyKeyOfHikariConfigHasARow() throws Exception {
        Set<String> missing = new TreeSet<>(hikariConfigKeys());
        missing.removeAll(tableKeys());
        assertEquals(Set.of(), missing, "HikariCP keys the migration table does not account for");
        assertTrue(hikariConfigKeys().size() >= 35, "read HikariConfig's setters: " + hikariConfigKeys());
    }

    @Test
    void theTableHoldsNoKeyHikariCpDoesNotHaveApartFromLegacyOnes() throws Exception {
        Set<String> extra = tableKeys();
        extra.removeAll(hikariConfigKeys());
        assertEquals(LEGACY, extra);
    }

    @Test
    void everyMappedKeyBecomesItsTidepoolValue() {
        List<String> problems = new ArrayList<>();
        for (Key k : HikariKeys.all()) {
            if (k.treatment() == Treatment.NO_COUNTERPART || k.treatment() == Treatment.NOT_NEEDED) {
                continue;
            }
            Mapped c = MAPPED.get(k.hikari());
            if (c == null) {
                problems.add(k.hikari() + ": no test case");
                continue;
            }
            Properties p = hikari(k.hikari(), c.hikariValue());
            try {
                Object actual = c.read().apply(TidepoolConfig.fromHikariProperties(p));
                if (!c.expected().equals(actual)) {
                    problems.add(k.hikari() + ": expected " + c.expected() + " but was " + actual);
                }
            } catch (IllegalArgumentException e) {
                problems.add(k.hikari() + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), problems);
    }

    /** {@code key=value} plus a source of connections, unless the key is one. */
    private static Properties hikari(String key, Object value) {
        Properties p = new Properties();
        if (!Set.of("jdbcUrl", "dataSourceClassName", "dataSource").contains(key)) {
            p.setProperty("jdbcUrl", "jdbc:h2:mem:hikari");
        }
        p.put(key.equals("dataSource.<name>") ? "dataSource.ssl" : key, value);
        return p;
    }

    @Test
    void everyKeyWithoutACounterpartFailsNamingTheKeyAndWhatToDo() {
        for (Key k : HikariKeys.all()) {
            if (k.treatment() == Treatment.NO_COUNTERPART) {
                String message = ConfigTestSupport.failure(() -> TidepoolConfig.fromHikariProperties(hikari(k.hikari(), "x")));
                assertEquals(k.hikari() + " has no Tidepool counterpart: " + k.note(), message);
            }
        }
    }

    @Test
    void keysTidepoolDoesNotNeedAreAcceptedAndChangeNothing() {
        TidepoolConfig plain = TidepoolConfig.fromHikariProperties(withPoolName(hikari("poolName", "p")));
        for (Key k : HikariKeys.all()) {
            if (k.treatment() == Treatment.NOT_NEEDED) {
                Properties p = withPoolName(hikari(k.hikari(), "true"));
                assertEquals(plain, TidepoolConfig.fromHikariProperties(p), k.hikari());
                assertEquals(k.hikari() + " ('yes') is not a boolean: use true or false",
                        ConfigTestSupport.failure(() -> TidepoolConfig.fromHikariProperties(withPoolName(hikari(k.hikari(), "yes")))));
            }
        }
    }

    private static Properties withPoolName(Properties p) {
        p.setProperty("poolName", "p");
        return p;
    }

    @Test
    void aHikariPropertiesFileBecomesTheSameTidepoolConfiguration() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://db:5432/app");
        p.setProperty("username", "app");
        p.setProperty("maximumPoolSize", "20");
        p.setProperty("minimumIdle", "5");
        p.setProperty("connectionTimeout", "10000");
        p.setProperty("idleTimeout", "600000");
        p.setProperty("dataSource.prepareThreshold", "0");
        p.setProperty("poolName", "orders");
        TidepoolConfig expected = TidepoolConfig.builder().jdbcUrl("jdbc:postgresql://db:5432/app").username("app")
                .maxSize(20).minIdle(5).acquireTimeout(Duration.ofSeconds(10)).idleTimeout(Duration.ofMinutes(10))
                .driverProperty("prepareThreshold", "0").poolName("orders").build();
        assertEquals(expected, TidepoolConfig.fromHikariProperties(p));
    }

    @Test
    void initializationFailTimeoutOfZeroOrLessStartsThePoolWithoutAFirstConnection() {
        assertFalse(TidepoolConfig.fromHikariProperties(hikari("initializationFailTimeout", "0")).failFast());
        assertFalse(TidepoolConfig.fromHikariProperties(hikari("initializationFailTimeout", "-1")).failFast());
        assertTrue(TidepoolConfig.fromHikariProperties(hikari("initializationFailTimeout", "30000")).failFast());
    }

    @Test
    void valuesTidepoolCannotMeanFailNamingTheHikariKey() {
        assertEquals("connectionTimeout (0) means wait forever in HikariCP; Tidepool never waits forever: "
                        + "set the longest wait in milliseconds, e.g. 30000",
                ConfigTestSupport.failure(() -> TidepoolConfig.fromHikariProperties(hikari("connectionTimeout", "0"))));
        assertEquals("idleTimeout ('10m') is not a whole number of milliseconds, as HikariCP takes it",
                ConfigTestSupport.failure(() -> TidepoolConfig.fromHikariProperties(hikari("idleTimeout", "10m"))));
        assertTrue(ConfigTestSupport.failure(() -> TidepoolConfig.fromHikariProperties(
                hikari("transactionIsolation", "TRANSACTION_NONE"))).startsWith("transactionIsolation ('TRANSACTION_NONE')"));
        assertEquals("unknown HikariCP key 'maximumPoolSise'; did you mean 'maximumPoolSize'?",
                ConfigTestSupport.failure(() -> TidepoolConfig.fromHikariProperties(hikari("maximumPoolSise", "5"))));
        assertEquals("dataSourceProperties must be a Map put by code: in text write each property as dataSource.<name>=value",
                ConfigTestSupport.failure(() -> TidepoolConfig.fromHikariProperties(hikari("dataSourceProperties", "a=b"))));
    }

    @Test
    void aHikariDataSourceObjectIsTheSourceOfConnections() {
        Properties p = new Properties();
        p.put("dataSource", OBJECT);
        p.setProperty("username", "app");
        TidepoolConfig c = TidepoolConfig.fromHikariProperties(p);
        assertSame(OBJECT, c.dataSource());
        assertEquals(null, c.jdbcUrl());
    }

    // ---------------------------------------------------------------- issue 15: the hint in fromProperties

    @Test
    void initializationFailTimeoutPointsToFailFastNotToTheNearestSpelling() {
        String message = ConfigTestSupport.failure(ConfigTestSupport.props("initializationFailTimeout", "1"));
        assertTrue(message.startsWith("unknown key 'initializationFailTimeout'; did you mean 'failFast'?"), message);
    }

    @Test
    void everyRenamedHikariKeyPointsToItsRealCounterpart() {
        for (Key k : HikariKeys.all()) {
            if (k.tidepool() == null || k.tidepool().equals(k.hikari()) || k.hikari().contains("<")) {
                continue;
            }
            String message = ConfigTestSupport.failure(ConfigTestSupport.props(k.hikari(), "1"));
            assertTrue(message.startsWith("unknown key '" + k.hikari() + "'; did you mean '" + k.tidepool() + "'?"),
                    message);
        }
    }

    @Test
    void hikariKeysWithoutACounterpartSaySoInFromProperties() {
        for (Key k : HikariKeys.all()) {
            if (k.treatment() == Treatment.NO_COUNTERPART || k.treatment() == Treatment.NOT_NEEDED) {
                String message = ConfigTestSupport.failure(ConfigTestSupport.props(k.hikari(), "1"));
                assertTrue(message.startsWith("unknown key '" + k.hikari() + "': HikariCP's " + k.hikari()), message);
                assertTrue(message.contains(k.note()), message);
            }
        }
    }

    @Test
    void springSpellingsOfHikariKeysGetTheSameHint() {
        assertTrue(ConfigTestSupport.failure(ConfigTestSupport.props("maximum-pool-size", "5"))
                .startsWith("unknown key 'maximum-pool-size'; did you mean 'maxSize'?"));
        assertTrue(ConfigTestSupport.failure(ConfigTestSupport.props("spring.datasource.hikari.connection-timeout", "5"))
                .startsWith("unknown key 'spring.datasource.hikari.connection-timeout'; did you mean 'acquireTimeout'?"));
        assertEquals("unknown key 'dataSource': HikariCP's dataSource is an object: pass it to "
                        + "TidepoolConfig.builder().dataSource(ds), or set dataSourceClassName",
                ConfigTestSupport.failure(ConfigTestSupport.props("dataSource", "x")));
        assertEquals("unknown key 'dataSource.ssl'; did you mean 'driver.ssl'?",
                ConfigTestSupport.failure(ConfigTestSupport.props("dataSource.ssl", "true")));
    }

    // ---------------------------------------------------------------- the document

    @Test
    void theMigrationGuideListsEveryKeyAsTheTableSays() throws Exception {
        Path doc = ReadmeLocator.root().resolve("docs/migrating-from-hikaricp.md");
        String text = Files.readString(doc);
        String table = markdownTable();
        if (!text.contains(table)) {
            fail(doc + " must contain the table generated from HikariKeys (between the markers):\n" + table);
        }
    }

    /** The table as docs/migrating-from-hikaricp.md shows it, between its two marker comments. */
    static String markdownTable() {
        StringBuilder out = new StringBuilder("<!-- generated from HikariKeys: start -->\n")
                .append("| HikariCP key | Tidepool | what happens |\n|---|---|---|\n");
        for (Key k : HikariKeys.all()) {
            String tidepool = k.tidepool() == null ? "none" : "`" + k.tidepool() + "`";
            out.append("| `").append(k.hikari()).append("` | ").append(tidepool).append(" | ")
                    .append(describe(k)).append(" |\n");
        }
        return out.append("<!-- generated from HikariKeys: end -->\n").toString();
    }

    private static String describe(Key k) {
        String what;
        switch (k.treatment()) {
            case SAME: what = "same name and meaning"; break;
            case RENAMED: what = "renamed"; break;
            case MILLISECONDS: what = "milliseconds, read as they are"; break;
            case CONVERTED: what = "converted"; break;
            case NOT_NEEDED: what = "accepted and ignored"; break;
            default: what = "**refused**"; break;
        }
        return k.note().isEmpty() ? what : what + ": " + k.note().replace("|", "\\|");
    }

    /** Finds the checkout's root from the working directory. */
    static final class ReadmeLocator {
        static Path root() {
            for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
                    return p;
                }
            }
            throw new AssertionError("no README.md with docs/ above " + Path.of("").toAbsolutePath());
        }
    }

    /** A DataSource the mapping only hands on; never asked for a connection here. */
    private static final class UnusedDataSource implements DataSource {
        @Override public Connection getConnection() { throw new UnsupportedOperationException(); }
        @Override public Connection getConnection(String u, String p) { throw new UnsupportedOperationException(); }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() { return Logger.getGlobal(); }
        @Override public <T> T unwrap(Class<T> iface) { throw new UnsupportedOperationException(); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}
