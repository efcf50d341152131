package dev.tidepool.jdbc.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.ConnectFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HostHealthTest {
    private final HostHealth host = new HostHealth(new HostAddress("db", 5432), 0);

    @Test
    void backOffDoublesFrom100msTo5sWithAQuarterOfJitterEitherWay() {
        assertEquals(Duration.ofMillis(75).toNanos(), HostHealth.backoffNanos(1, 0.0));
        assertEquals(Duration.ofMillis(125).toNanos(), HostHealth.backoffNanos(1, 1.0));
        assertEquals(Duration.ofMillis(200).toNanos(), HostHealth.backoffNanos(2, 0.5));
        assertEquals(Duration.ofMillis(1600).toNanos(), HostHealth.backoffNanos(5, 0.5));
        assertEquals(Duration.ofSeconds(5).toNanos(), HostHealth.backoffNanos(7, 0.5));
        assertEquals(Duration.ofSeconds(5).toNanos(), HostHealth.backoffNanos(1000, 0.5));
    }

    @Test
    void onlyTheFirstFatalErrorOfAGenerationMarksTheHostLost() {
        Placement first = new Placement(host, host.generation(), null);
        Placement second = new Placement(host, host.generation(), null);
        assertEquals(2, host.open());
        assertTrue(host.lost(first.generation(), ConnectFailure.REFUSED, 0));
        assertFalse(host.lost(second.generation(), ConnectFailure.REFUSED, 0), "the same loss, seen again");
        assertTrue(first.lost());
        assertTrue(second.lost());
        assertFalse(host.available(0), "a lost host backs off");
        Placement later = new Placement(host, host.generation(), null);
        assertFalse(later.lost(), "a connection opened after the loss is of the new generation");
        first.release();
        first.release();
        assertEquals(2, host.open(), "release counts once");
    }

    @Test
    void statusShowsRoleBackOffAndLastFailure() {
        host.connectFailed(ConnectFailure.TIMEOUT, 0);
        assertEquals("unknown", host.status(0).role());
        assertFalse(host.status(0).available());
        assertEquals(ConnectFailure.TIMEOUT, host.status(0).lastFailure());
        host.connected(Duration.ofMillis(4).toNanos(), ServerRole.PRIMARY);
        assertEquals("primary", host.status(0).role());
        assertTrue(host.status(0).available());
        assertEquals(null, host.status(0).lastFailure());
        assertEquals(Duration.ofMillis(4), host.status(0).connectLatency());
    }
}
