package dev.tidepool.jdbc.internal;

/**
 * The session every borrower gets: the configured value of each attribute, or else the driver's
 * own, read once when the connection was opened. Null means the driver would not tell; a borrower
 * who changes such an attribute gets the connection destroyed on return, since it cannot be restored.
 */
record SessionDefaults(boolean autoCommit, Integer transactionIsolation, Boolean readOnly, String catalog,
                       String schema, Integer holdability, Integer networkTimeout) {
}
