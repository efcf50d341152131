package dev.tidepool.core.internal;

import dev.tidepool.core.PoolListener;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ListenerHubTest {

    /**
     * A PoolListener method the hub does not override would fall back to the interface's no-op
     * default, and every attached listener would silently miss that event: so a new event must be
     * forwarded here too.
     */
    @Test
    void theHubForwardsEveryEventOfPoolListener() {
        List<String> missing = new ArrayList<>();
        for (Method m : PoolListener.class.getDeclaredMethods()) {
            if (m.isDefault()) {
                try {
                    ListenerHub.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    missing.add(m.getName());
                }
            }
        }
        assertEquals(List.of(), missing, "ListenerHub must forward these PoolListener events");
    }

    @Test
    void aHubIsReusedAndCannotListenToItself() {
        ListenerHub hub = ListenerHub.of(PoolListener.NONE);
        assertSame(hub, ListenerHub.of(hub));
        assertTrue(hub.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> hub.add(hub));
    }
}
