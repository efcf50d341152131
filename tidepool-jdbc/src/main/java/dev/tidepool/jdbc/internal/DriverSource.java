package dev.tidepool.jdbc.internal;

import dev.tidepool.jdbc.internal.config.Redaction;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/** Connections from {@code Driver.connect(jdbcUrl, properties)}: every property reaches the driver. */
final class DriverSource implements ConnectionSource {
    private final Driver driver;
    private final String url;

    DriverSource(Driver driver, String url) {
        this.driver = driver;
        this.url = url;
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
