package dev.tidepool.jdbc.fault;

/** The kinds of fault the soak program fires (see {@link SoakTarget} for what each does to a database). */
enum SoakFault {
    /** The server ends every session of the pool (pg_terminate_backend / KILL CONNECTION). */
    KILL,
    /** The proxy sends a TCP RST to both ends of every flow. */
    RESET,
    /** The proxy holds all traffic for a moment (a pulled cable), then lets it through again. */
    BLACKHOLE,
    /** The workload pauses behind a firewall that forgets idle flows faster than the keepalive beats it. */
    IDLE,
    /** PostgreSQL: the soak cluster restarts; MariaDB: the proxy resets every flow and refuses connects for a while. */
    RESTART
}
