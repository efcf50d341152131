package dev.tidepool.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PoolSizeAdviceTest {

    private static ServerFacts facts(int max, int reserved, int inUse, Integer userLimit, int userSessions) {
        return new ServerFacts("PostgreSQL", "15", max, reserved, userLimit, "CONNECTION LIMIT of the role",
                userSessions, inUse, List.of("user", "application", "state"), List.of(), List.of(), List.of());
    }

    @Test
    void ruleOfThumbWhenTheServerHasRoom() {
        PoolSizeAdvice a = PoolSizeAdvice.of(facts(100, 3, 7, null, 0), 4, false, 1);
        assertEquals(9, a.maxSize());
        assertEquals(90, a.perInstanceBudget());
    }

    @Test
    void freeConnectionsAreSharedByTheInstances() {
        PoolSizeAdvice a = PoolSizeAdvice.of(facts(100, 3, 7, null, 0), 8, false, 30);
        assertEquals(3, a.maxSize()); // 90 free / 30 instances
        assertTrue(a.reasoning().stream().anyMatch(l -> l.contains("30 application instances")), a.reasoning()::toString);
    }

    @Test
    void theUsersOwnLimitBoundsItToo() {
        assertEquals(2, PoolSizeAdvice.of(facts(100, 0, 10, 5, 3), 8, false, 1).maxSize());
    }

    @Test
    void aFullServerGetsZeroAndSaysWhatToDo() {
        PoolSizeAdvice a = PoolSizeAdvice.of(facts(20, 3, 17, null, 0), 8, false, 1);
        assertEquals(0, a.maxSize());
        assertTrue(a.reasoning().get(a.reasoning().size() - 1).contains("no connection to spare"));
    }

    @Test
    void unknownLimitsLeaveTheRuleOfThumb() {
        PoolSizeAdvice a = PoolSizeAdvice.of(null, 2, true, 1);
        assertEquals(5, a.maxSize());
        assertTrue(a.reasoning().get(0).contains("--db-cores"));
    }
}
