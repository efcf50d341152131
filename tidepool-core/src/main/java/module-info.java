/** Tidepool's generic object pool: zero dependencies beyond java.base. */
module dev.tidepool.core {
    // The API, with the engine interfaces the JDBC layer borrows through (EnginePool, PoolEntry...).
    exports dev.tidepool.core;
}
