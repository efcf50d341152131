package dev.tidepool.jdbc.internal.cluster;

import dev.tidepool.jdbc.TargetServerType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which hosts fit a {@link TargetServerType}, and in which order a new connection tries them:
 * hosts not backing off, the best-fitting role first (a host whose role is not known yet comes
 * after a known fit and before a known misfit: roles change on failover, so a misfit is still
 * tried last), then the fewest open connections (this is what spreads connections, and what moves
 * them to a host that came back), then the lowest connect latency, then the configured order.
 */
final class HostOrder {
    private HostOrder() {
    }

    /** 0 = the role this type wants, 1 = not known yet, 2 = the other role (for ANY everything is 0). */
    static int rank(TargetServerType type, ServerRole role) {
        if (type == TargetServerType.ANY) {
            return 0;
        }
        if (role == ServerRole.UNKNOWN) {
            return 1;
        }
        ServerRole wanted = type == TargetServerType.PRIMARY ? ServerRole.PRIMARY : ServerRole.STANDBY;
        return role == wanted ? 0 : 2;
    }

    /** Whether a connection to a server of {@code role} may serve a pool of {@code type}. */
    static boolean accepts(TargetServerType type, ServerRole role) {
        switch (type) {
            case PRIMARY: return role != ServerRole.STANDBY;
            case STANDBY: return role != ServerRole.PRIMARY;
            default: return true;
        }
    }

    /** Whether such a connection is the one wanted, not only a fallback (preferStandby on a primary is a fallback). */
    static boolean preferred(TargetServerType type, ServerRole role) {
        return type == TargetServerType.PREFER_STANDBY ? role != ServerRole.PRIMARY : accepts(type, role);
    }

    /** The hosts to try at {@code now}, best first; empty when every host backs off. */
    static List<HostHealth> candidates(List<HostHealth> hosts, TargetServerType type, long now) {
        List<HostHealth> result = new ArrayList<>(hosts.size());
        for (HostHealth h : hosts) {
            if (h.available(now)) {
                result.add(h);
            }
        }
        result.sort(Comparator.<HostHealth>comparingInt(h -> rank(type, h.role()))
                .thenComparingInt(HostHealth::open)
                .thenComparingLong(HostHealth::latencyNanos)
                .thenComparingInt(HostHealth::index));
        return result;
    }
}
