package dev.tidepool.jdbc.internal;

import dev.tidepool.jdbc.TidepoolConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Connections from {@code DataSource.getConnection(user, password)}, or {@code getConnection()}
 * when no credentials are set, as HikariCP and Agroal do.
 *
 * <p>With {@code dataSourceClassName} the pool creates the data source and sets each
 * {@code driver.<name>} as its JavaBean property {@code <name>}; for PostgreSQL's data sources it
 * also sets the login bounds it sets on the driver (see {@code SetupBound}) unless the
 * configuration chose them, and for every other data source the one bound JDBC gives them all,
 * {@code loginTimeout} ({@code acquireTimeout} in whole seconds, rounded up), unless the
 * configuration or the data source's own default chose one: without it a connect to a server that
 * accepts and then says nothing would hold a pool worker and a capacity slot until the driver gave up. A data source handed to the builder is the application's object: the
 * pool sets nothing on it, so its own timeouts (e.g. {@code connectTimeout}) bound a login.
 */
final class DataSourceSource implements ConnectionSource {
    private final DataSource dataSource;
    private final boolean created;
    private final String setupUrl;
    private final DeadConnectionClassifier.Vendor vendor;

    DataSourceSource(DataSource dataSource, boolean created, String setupUrl) {
        this.dataSource = dataSource;
        this.created = created;
        this.setupUrl = setupUrl;
        this.vendor = vendorOf(dataSource.getClass().getName());
    }

    /** Loads and configures {@code dataSourceClassName}. */
    static DataSourceSource create(TidepoolConfig config) {
        String className = config.dataSourceClassName();
        DataSource ds = JavaBeanProperties.instantiate(config.poolName(), className);
        String setupUrl = vendorOf(className) == DeadConnectionClassifier.Vendor.POSTGRESQL ? "jdbc:postgresql:" : "";
        Properties props = new Properties();
        props.putAll(config.driverProperties());
        SetupBound.apply(setupUrl, props, config.acquireTimeout());
        JavaBeanProperties.apply(config.poolName(), ds, props);
        if (setupUrl.isEmpty()) {
            SetupBound.applyLoginTimeout(ds, props, config.acquireTimeout());
        }
        return new DataSourceSource(ds, true, setupUrl);
    }

    @Override
    public Connection connect(Properties connectProperties) throws SQLException {
        String user = connectProperties.getProperty("user");
        String password = connectProperties.getProperty("password");
        if (user == null && password == null) {
            return dataSource.getConnection();
        }
        return dataSource.getConnection(user, password);
    }

    /** The data source's {@code loginTimeout} now (for tests), or -1 when it cannot say. */
    int loginTimeoutSeconds() {
        try {
            return dataSource.getLoginTimeout();
        } catch (SQLException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public String typeName() {
        return dataSource.getClass().getName();
    }

    @Override
    public DeadConnectionClassifier.Vendor vendor() {
        return vendor;
    }

    @Override
    public String setupUrl() {
        return setupUrl;
    }

    @Override
    public boolean takesConnectProperties() {
        return false;
    }

    @Override
    public String describe() {
        return (created ? "dataSourceClassName " : "dataSource ") + typeName();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The vendor of a data source class, by the package its driver ships it in. */
    static DeadConnectionClassifier.Vendor vendorOf(String className) {
        for (Map.Entry<String, String> e : Map.of("org.postgresql.", "jdbc:postgresql:", "org.mariadb.jdbc.", "jdbc:mariadb:",
                "com.mysql.", "jdbc:mysql:", "oracle.jdbc.", "jdbc:oracle:", "org.h2.", "jdbc:h2:").entrySet()) {
            if (className.startsWith(e.getKey())) {
                return DeadConnectionClassifier.Vendor.ofUrl(e.getValue());
            }
        }
        return DeadConnectionClassifier.Vendor.OTHER;
    }
}
