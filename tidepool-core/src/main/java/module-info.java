/** Tidepool's generic object pool: zero dependencies beyond java.base. */
module dev.tidepool.core {
    // The API, with the engine types the JDBC layer borrows through (EnginePool, PoolEntry...):
    // core.internal is exported to no module.
    exports dev.tidepool.core;
}
