package dev.tidepool.jdbc.internal;

import dev.tidepool.jdbc.TidepoolConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where a pool's physical connections come from: a {@link java.sql.Driver} and {@code jdbcUrl}, or a
 * {@link javax.sql.DataSource} ({@code dataSourceClassName} or an object handed to the builder).
 * Everything else the pool does with a connection (validation, reset, dead-connection and
 * connect-failure classification, diagnosis) works on the {@link Connection} and does not care which.
 */
public interface ConnectionSource {

    /**
     * Opens one physical connection. {@code connectProperties} holds {@code user} and
     * {@code password} (when set) and, for a driver, every driver property; a data source reads
     * only the credentials, its other properties were set on it when it was created.
     *
     * @return the connection, or null when a driver does not accept the URL
     */
    Connection connect(Properties connectProperties) throws SQLException;

    /**
     * Opens a connection to another URL of the same driver, for routing over a list of hosts: only a
     * driver source can, a data source has its own fixed target.
     *
     * @throws UnsupportedOperationException for a data source
     */
    default Connection connect(String url, Properties connectProperties) throws SQLException {
        throw new UnsupportedOperationException(describe() + " connects to its own target only: use jdbcUrl to route over hosts");
    }

    /** The class of the driver or data source, for the vendor's habits (session reset, error codes). */
    String typeName();

    /** Which database this is, from the URL or the data source's class. */
    DeadConnectionClassifier.Vendor vendor();

    /**
     * The URL whose parameters the pool reads and whose prefix decides which of the driver's own
     * bounds the pool may add (see {@code SetupBound}): {@code jdbcUrl}, a prefix such as
     * {@code jdbc:postgresql:} for a data source the pool created and can configure, or "" for one
     * it was given (the pool sets nothing on an object it does not own).
     */
    String setupUrl();

    /** Whether connect properties the pool adds (besides the credentials) reach the connection. */
    boolean takesConnectProperties();

    /** Where connections come from, for messages; secrets masked. */
    String describe();

    /**
     * The source of {@code config}: exactly one of {@code jdbcUrl}, {@code dataSourceClassName} or
     * {@code dataSource} is set (the configuration's rules make sure). Starts nothing.
     *
     * @throws IllegalArgumentException naming the key, the value and the fix
     */
    static ConnectionSource of(TidepoolConfig config) {
        if (config.dataSource() != null) {
            return new DataSourceSource(config.dataSource(), false, "");
        }
        if (config.dataSourceClassName() != null) {
            return DataSourceSource.create(config);
        }
        return new DriverSource(DriverSource.resolve(config), config.jdbcUrl());
    }
}
