package dev.tidepool.jdbc.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.TargetServerType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rebalancing driven by a fake clock: nanoseconds passed in, no sleeping. */
class RebalancerTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private final HostHealth a = new HostHealth(new HostAddress("a", 1), 0);
    private final HostHealth b = new HostHealth(new HostAddress("b", 2), 1);
    private final List<HostHealth> hosts = List.of(a, b);

    private static void open(HostHealth h, int n) {
        for (int i = 0; i < n; i++) {
            h.opened();
        }
    }

    @Test
    void oneRetirementSlotPerMaxLifetimeOverTwiceMaxSize() {
        assertEquals(Duration.ofSeconds(90).toNanos(), new Rebalancer(Duration.ofMinutes(30), 10, 0).intervalNanos());
        assertEquals(Duration.ofSeconds(90).toNanos(), new Rebalancer(Duration.ZERO, 10, 0).intervalNanos(),
                "maxLifetime off: the default lifetime is the basis");
    }

    @Test
    void aHostAboveItsShareGivesUpOneConnectionPerSlotAndNoMore() {
        a.connected(1, ServerRole.PRIMARY);
        b.connected(1, ServerRole.STANDBY);
        open(a, 8);
        Rebalancer r = new Rebalancer(Duration.ofSeconds(80), 8, 0); // slot: 5 s, jittered 2.5 s .. 7.5 s
        assertTrue(r.shouldRetire(a, hosts, TargetServerType.ANY, 0, 0.5));
        assertFalse(r.shouldRetire(a, hosts, TargetServerType.ANY, 0, 0.5), "the next slot is 5 s away");
        assertFalse(r.shouldRetire(a, hosts, TargetServerType.ANY, 5 * SECOND - 1, 0.5));
        assertTrue(r.shouldRetire(a, hosts, TargetServerType.ANY, 5 * SECOND, 0.0));
        assertFalse(r.shouldRetire(a, hosts, TargetServerType.ANY, 7 * SECOND, 0.0), "jitter 0: 2.5 s after");
        assertTrue(r.shouldRetire(a, hosts, TargetServerType.ANY, 7_500_000_000L, 0.0));
    }

    @Test
    void aHostAtOrBelowItsShareKeepsItsConnections() {
        open(a, 4);
        open(b, 4);
        Rebalancer r = new Rebalancer(Duration.ofSeconds(80), 8, 0);
        assertFalse(r.shouldRetire(a, hosts, TargetServerType.ANY, 0, 0.5));
        b.closed();
        assertFalse(r.shouldRetire(b, hosts, TargetServerType.ANY, 0, 0.5), "b is below its share");
        assertFalse(r.shouldRetire(a, hosts, TargetServerType.ANY, 0, 0.5), "4 of 7 on two hosts is a's share (ceil)");
        a.opened();
        assertTrue(r.shouldRetire(a, hosts, TargetServerType.ANY, 0, 0.5), "5 of 8 is one too many");
    }

    @Test
    void noRetirementWhileTheOtherHostBacksOffOrWhenItIsTheOnlyPrimary() {
        a.connected(1, ServerRole.PRIMARY);
        b.connected(1, ServerRole.STANDBY);
        open(a, 8);
        Rebalancer r = new Rebalancer(Duration.ofSeconds(80), 8, 0);
        assertFalse(r.shouldRetire(a, hosts, TargetServerType.PRIMARY, 0, 0.5), "a standby is no place for a primary pool");
        b.connectFailed(ConnectFailure.REFUSED, 0);
        assertFalse(r.shouldRetire(a, hosts, TargetServerType.ANY, 0, 0.5), "b backs off: nowhere to go");
    }

    @Test
    void aPreferStandbyPoolMovesItsConnectionsOffThePrimaryOnceAStandbyIsUp() {
        a.connected(1, ServerRole.PRIMARY);
        b.connected(1, ServerRole.STANDBY);
        open(a, 1);
        open(b, 7);
        Rebalancer r = new Rebalancer(Duration.ofSeconds(80), 8, 0);
        assertTrue(r.shouldRetire(a, hosts, TargetServerType.PREFER_STANDBY, 0, 0.5));
        assertFalse(r.shouldRetire(b, hosts, TargetServerType.PREFER_STANDBY, 10 * SECOND, 0.5));
    }

    /**
     * A host comes back after the pool ran on one host for a while: with every connection
     * returned often, retirements (one per slot) and least-loaded placement even the spread out
     * within one maxLifetime, and never retire two connections in the same slot.
     */
    @Test
    void aHostThatCameBackGetsItsShareWithinOneMaxLifetimeOneConnectionAtATime() {
        a.connected(1, ServerRole.PRIMARY);
        b.connected(1, ServerRole.STANDBY);
        int maxSize = 10;
        Duration maxLifetime = Duration.ofMinutes(30);
        Rebalancer r = new Rebalancer(maxLifetime, maxSize, 0);
        List<HostHealth> placed = new ArrayList<>();
        for (int i = 0; i < maxSize; i++) {
            a.opened();
            placed.add(a);
        }
        long now = 0;
        long step = Duration.ofSeconds(1).toNanos(); // a return every second, round robin over the connections
        long lastRetiredAt = Long.MIN_VALUE;
        long balancedAt = -1;
        java.util.Random random = new java.util.Random(12);
        for (int tick = 0; now <= maxLifetime.toNanos(); tick++, now += step) {
            int slot = tick % maxSize;
            HostHealth h = placed.get(slot);
            if (r.shouldRetire(h, hosts, TargetServerType.ANY, now, random.nextDouble())) {
                assertTrue(lastRetiredAt == Long.MIN_VALUE || now - lastRetiredAt >= r.intervalNanos() / 2,
                        "two retirements closer than half a slot");
                lastRetiredAt = now;
                h.closed();
                HostHealth target = HostOrder.candidates(hosts, TargetServerType.ANY, now).get(0);
                target.opened();
                placed.set(slot, target);
            }
            if (balancedAt < 0 && a.open() == 5 && b.open() == 5) {
                balancedAt = now;
            }
        }
        assertTrue(balancedAt >= 0 && balancedAt <= maxLifetime.toNanos(), "balanced within one maxLifetime: " + balancedAt);
        assertEquals(5, a.open());
        assertEquals(5, b.open());
    }
}
