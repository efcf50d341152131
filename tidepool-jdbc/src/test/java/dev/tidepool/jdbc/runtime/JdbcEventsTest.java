package dev.tidepool.jdbc.runtime;

import dev.tidepool.jdbc.TidepoolListener;
import dev.tidepool.jdbc.internal.JdbcEvents;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JdbcEventsTest {

    /** A TidepoolListener event JdbcEvents does not forward would never reach an attached listener. */
    @Test
    void jdbcEventsForwardsEveryEventOfTidepoolListener() {
        List<String> missing = new ArrayList<>();
        for (Method m : TidepoolListener.class.getDeclaredMethods()) {
            if (m.isDefault()) {
                try {
                    JdbcEvents.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    missing.add(m.getName());
                }
            }
        }
        assertEquals(List.of(), missing, "JdbcEvents must forward these TidepoolListener events");
    }
}
