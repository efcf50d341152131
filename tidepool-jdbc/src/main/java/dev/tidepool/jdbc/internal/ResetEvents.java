package dev.tidepool.jdbc.internal;

import dev.tidepool.jdbc.SessionAttribute;

/** Turns what a return's reset restored (the dirty bits, a rollback, a full reset) into events. */
final class ResetEvents {
    private static final SessionAttribute[] BY_BIT = new SessionAttribute[Integer.SIZE];

    static {
        BY_BIT[Integer.numberOfTrailingZeros(PooledConnection.AUTO_COMMIT)] = SessionAttribute.AUTO_COMMIT;
        BY_BIT[Integer.numberOfTrailingZeros(PooledConnection.TRANSACTION_ISOLATION)] = SessionAttribute.TRANSACTION_ISOLATION;
        BY_BIT[Integer.numberOfTrailingZeros(PooledConnection.READ_ONLY)] = SessionAttribute.READ_ONLY;
        BY_BIT[Integer.numberOfTrailingZeros(PooledConnection.CATALOG)] = SessionAttribute.CATALOG;
        BY_BIT[Integer.numberOfTrailingZeros(PooledConnection.SCHEMA)] = SessionAttribute.SCHEMA;
        BY_BIT[Integer.numberOfTrailingZeros(PooledConnection.HOLDABILITY)] = SessionAttribute.HOLDABILITY;
        BY_BIT[Integer.numberOfTrailingZeros(PooledConnection.NETWORK_TIMEOUT)] = SessionAttribute.NETWORK_TIMEOUT;
    }

    private ResetEvents() {
    }

    static void report(JdbcEvents events, int dirty, boolean rolledBack, boolean fullReset) {
        if (rolledBack) {
            events.attributeReset(SessionAttribute.TRANSACTION);
        }
        for (int bits = dirty & PooledConnection.ALL; bits != 0; bits &= bits - 1) {
            events.attributeReset(BY_BIT[Integer.numberOfTrailingZeros(bits)]);
        }
        if (fullReset) {
            events.attributeReset(SessionAttribute.SESSION);
        }
    }
}
