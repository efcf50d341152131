package dev.tidepool.jdbc.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.TargetServerType;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostOrderTest {
    private final HostHealth a = new HostHealth(new HostAddress("a", 1), 0);
    private final HostHealth b = new HostHealth(new HostAddress("b", 2), 1);
    private final HostHealth c = new HostHealth(new HostAddress("c", 3), 2);
    private final List<HostHealth> hosts = List.of(a, b, c);

    private List<HostHealth> order(TargetServerType type, long now) {
        return HostOrder.candidates(hosts, type, now);
    }

    @Test
    void unknownHostsAreTriedInConfiguredOrder() {
        assertEquals(List.of(a, b, c), order(TargetServerType.PRIMARY, 0));
    }

    @Test
    void aPrimaryPoolTriesTheKnownPrimaryFirstAndKnownStandbysLast() {
        a.connected(1, ServerRole.STANDBY);
        c.connected(1, ServerRole.PRIMARY);
        assertEquals(List.of(c, b, a), order(TargetServerType.PRIMARY, 0));
        assertEquals(List.of(a, b, c), order(TargetServerType.PREFER_STANDBY, 0));
    }

    @Test
    void amongEqualFitsTheHostWithFewestConnectionsComesFirstThenTheFastest() {
        a.connected(5_000_000, ServerRole.STANDBY);
        b.connected(1_000_000, ServerRole.STANDBY);
        c.connected(1_000_000, ServerRole.STANDBY);
        a.opened();
        assertEquals(List.of(b, c, a), order(TargetServerType.ANY, 0));
        b.opened();
        c.opened();
        assertEquals(List.of(b, c, a), order(TargetServerType.STANDBY, 0), "equal counts: the lower latency first");
    }

    @Test
    void aFailedHostIsLeftOutUntilItsBackOffEnds() {
        long delay = b.connectFailed(ConnectFailure.REFUSED, 1_000);
        assertEquals(List.of(a, c), order(TargetServerType.ANY, 1_000 + delay - 1));
        assertEquals(List.of(a, b, c), order(TargetServerType.ANY, 1_000 + delay));
        b.connected(1, ServerRole.PRIMARY);
        assertTrue(b.available(0), "a success ends the back-off");
    }

    @Test
    void whichRolesEachTypeAcceptsAndPrefers() {
        assertTrue(HostOrder.accepts(TargetServerType.PRIMARY, ServerRole.PRIMARY));
        assertFalse(HostOrder.accepts(TargetServerType.PRIMARY, ServerRole.STANDBY));
        assertTrue(HostOrder.accepts(TargetServerType.PRIMARY, ServerRole.UNKNOWN), "a driver that cannot be asked");
        assertFalse(HostOrder.accepts(TargetServerType.STANDBY, ServerRole.PRIMARY));
        assertTrue(HostOrder.accepts(TargetServerType.PREFER_STANDBY, ServerRole.PRIMARY));
        assertFalse(HostOrder.preferred(TargetServerType.PREFER_STANDBY, ServerRole.PRIMARY), "only a fallback");
        assertTrue(HostOrder.preferred(TargetServerType.PREFER_STANDBY, ServerRole.STANDBY));
        assertTrue(HostOrder.preferred(TargetServerType.ANY, ServerRole.STANDBY));
    }
}
