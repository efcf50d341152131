/** Tidepool's generic object pool: zero dependencies beyond java.base. */
module dev.tidepool.core {
    exports dev.tidepool.core;
    // The JDBC layer borrows entries directly, so a connection wrapper is the only allocation per borrow.
    exports dev.tidepool.core.internal to dev.tidepool.jdbc;
}
