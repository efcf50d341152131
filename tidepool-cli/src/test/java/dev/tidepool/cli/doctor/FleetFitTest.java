package dev.tidepool.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet check and the size advice behind PgBouncer, on given facts (issue 12). */
class FleetFitTest {

    private static ServerFacts server(int max, int reserved, int inUse) {
        return new ServerFacts("PostgreSQL", "15", max, reserved, null, null, 0, inUse,
                List.of("user", "application", "state"), List.of(), List.of(), List.of());
    }

    private static BouncerFacts bouncer(String mode, int poolSize, int reserve, int maxClientConn, int clients, int servers) {
        return new BouncerFacts(-5, 42, "admin", null, "PgBouncer 1.18.0", mode, poolSize, "default_pool_size", reserve,
                maxClientConn, 0, 0, clients, servers);
    }

    @Test
    void fiftyInstancesOfTwentyDoNotFitAHundredConnectionServer() {
        FleetFit f = FleetFit.of(server(100, 3, 7), null, 50, 20, "--pool-size");
        assertEquals(1000, f.total());
        assertEquals(false, f.fits());
        assertEquals("1000 needed, 90 free (max_connections 100 - 3 reserved - 7 open now)", f.checks().get(0).detail());
        assertEquals("lower maxSize to 1 per instance (90 free / 50)", f.changes().get(0));
        assertTrue(f.changes().get(1).startsWith("or raise max_connections to at least 1010"), f.changes()::toString);
        assertTrue(f.changes().get(2).startsWith("or put PgBouncer in transaction mode in front"), f.changes()::toString);
    }

    @Test
    void behindATransactionBouncerOnlyTheBouncersPoolReachesTheServer() {
        FleetFit f = FleetFit.of(server(100, 3, 27), bouncer("transaction", 20, 5, 2000, 100, 20), 50, 20, "--pool-size");
        assertEquals(true, f.fits(), f::toString);
        assertEquals("bouncer clients", f.checks().get(0).name());
        assertEquals("1000 needed, 1900 free (max_client_conn 2000 - 100 open now)", f.checks().get(0).detail());
        assertTrue(f.checks().get(1).detail().startsWith("the bouncer opens at most 25 for this database"), f::toString);
        assertTrue(f.checks().get(1).detail().contains("room for 90 (70 free + 20 the bouncer holds now)"), f::toString);
    }

    @Test
    void tooManyClientsForMaxClientConnSaysWhatToChange() {
        FleetFit f = FleetFit.of(server(100, 3, 7), bouncer("transaction", 20, 0, 100, 0, 0), 1000, 2, "--pool-size");
        assertEquals(false, f.fits());
        assertEquals(List.of("not even 1 connection per instance fits (100 free / 1000)",
                "or raise max_client_conn to at least 2000 (and the bouncer's file descriptor limit with it)"), f.changes());
    }

    @Test
    void inSessionModeTheInstancesMustShareTheBouncersPool() {
        FleetFit f = FleetFit.of(server(100, 3, 7), bouncer("session", 10, 0, 500, 0, 0), 4, 5, "--pool-size");
        assertEquals(false, f.fits());
        assertTrue(f.changes().contains("lower maxSize to 2 per instance (10 / 4)"), f.changes()::toString);
    }

    @Test
    void unknownLimitsGiveAnUnknownVerdict() {
        BouncerFacts noConsole = new BouncerFacts(-5, 42, "app", "FATAL: not allowed", null, null, null, null, null,
                null, null, null, null, null);
        assertNull(FleetFit.of(server(100, 3, 7), noConsole, 4, 5, "the suggestion").fits());
        assertEquals(9, BouncerSizeAdvice.of(noConsole, 4, false, 4).maxSize(), "the rule of thumb only");
    }

    @Test
    void behindATransactionBouncerThePoolIsTwiceItsShareOfTheBouncersPool() {
        assertEquals(5, BouncerSizeAdvice.of(bouncer("transaction", 10, 0, 500, 0, 0), 4, false, 4).maxSize());
        assertEquals(1, BouncerSizeAdvice.of(bouncer("transaction", 20, 0, 5000, 0, 0), 4, false, 100).maxSize());
        assertEquals(9, BouncerSizeAdvice.of(bouncer("transaction", 50, 0, 500, 0, 0), 4, false, 1).maxSize(),
                "bounded by the rule of thumb");
        assertEquals(2, BouncerSizeAdvice.of(bouncer("transaction", 50, 0, 100, 0, 0), 4, false, 40).maxSize(),
                "bounded by max_client_conn / instances");
        assertEquals(2, BouncerSizeAdvice.of(bouncer("session", 10, 0, 500, 0, 0), 4, false, 4).maxSize());
    }
}
