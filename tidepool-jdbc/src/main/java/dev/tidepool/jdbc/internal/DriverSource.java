package dev.tidepool.jdbc.internal;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.internal.config.Redaction;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Enumeration;
import java.util.Properties;

/** Connections from {@code Driver.connect(jdbcUrl, properties)}: every property reaches the driver. */
final class DriverSource implements ConnectionSource {
    private final Driver driver;
    private final String url;

    DriverSource(Driver driver, String url) {
        this.driver = driver;
        this.url = url;
    }

    /**
     * The driver for a configuration: the {@code driverClassName} if set, else the one
     * {@link DriverManager} picks for the URL. Starts nothing.
     *
     * @throws IllegalArgumentException naming the key, the value and the fix
     */
    static Driver resolve(TidepoolConfig config) {
        String url = config.jdbcUrl();
        String shownUrl = Redaction.url(url);
        String className = config.driverClassName();
        if (className == null) {
            try {
                return DriverManager.getDriver(url);
            } catch (SQLException e) {
                throw new IllegalArgumentException(config.poolName() + " - jdbcUrl ('" + shownUrl
                        + "') is not accepted by any JDBC driver on the class path: add the driver's jar, "
                        + "check the URL's prefix (e.g. jdbc:postgresql://host:5432/db), or set driverClassName", e);
            }
        }
        Driver driver = loadDriver(config.poolName(), className);
        boolean accepts;
        try {
            accepts = driver.acceptsURL(url);
        } catch (SQLException e) {
            accepts = false;
        }
        if (!accepts) {
            throw new IllegalArgumentException(config.poolName() + " - jdbcUrl ('" + shownUrl
                    + "') is not accepted by driverClassName (" + className + "): use a URL this driver "
                    + "understands, or remove driverClassName to let the URL choose the driver");
        }
        return driver;
    }

    private static Driver loadDriver(String poolName, String className) {
        Class<?> type;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            type = Class.forName(className, true, loader != null ? loader : DriverSource.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(poolName + " - driverClassName (" + className
                    + ") cannot be loaded: add the driver's jar to the class path, or remove driverClassName "
                    + "to let jdbcUrl choose the driver", e);
        }
        if (!Driver.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(poolName + " - driverClassName (" + className
                    + ") is not a java.sql.Driver: name the driver class, e.g. org.postgresql.Driver");
        }
        // Prefer the instance the driver registered with DriverManager when it was loaded.
        for (Enumeration<Driver> e = DriverManager.getDrivers(); e.hasMoreElements(); ) {
            Driver d = e.nextElement();
            if (d.getClass() == type) {
                return d;
            }
        }
        try {
            return (Driver) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new IllegalArgumentException(poolName + " - driverClassName (" + className
                    + ") cannot be instantiated (" + e + "): check the driver's version", e);
        }
    }

    @Override
    public Connection connect(Properties connectProperties) throws SQLException {
        return driver.connect(url, connectProperties);
    }

    @Override
    public Connection connect(String otherUrl, Properties connectProperties) throws SQLException {
        return driver.connect(otherUrl, connectProperties);
    }

    @Override
    public String typeName() {
        return driver.getClass().getName();
    }

    @Override
    public DeadConnectionClassifier.Vendor vendor() {
        return DeadConnectionClassifier.Vendor.ofUrl(url);
    }

    @Override
    public String setupUrl() {
        return url;
    }

    @Override
    public boolean takesConnectProperties() {
        return true;
    }

    @Override
    public String describe() {
        return "jdbcUrl '" + Redaction.url(url) + "'";
    }

    @Override
    public String toString() {
        return typeName() + ", jdbcUrl=" + Redaction.url(url);
    }
}
