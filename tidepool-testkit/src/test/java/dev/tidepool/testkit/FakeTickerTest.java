package dev.tidepool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FakeTickerTest {

    @Test
    void startsFarFromZeroAndMovesOnlyWhenAdvanced() {
        FakeTicker ticker = new FakeTicker();
        long start = ticker.nanoTime();
        assertTrue(start > Duration.ofDays(365).toNanos());
        assertEquals(start, ticker.nanoTime());
        assertEquals(start + 1_500_000_000L, ticker.advance(Duration.ofMillis(1500)));
        assertEquals(start + 1_500_000_000L, ticker.nanoTime());
    }

    @Test
    void setJumpsToAnExactValueAndAdvanceMayWrapLikeNanoTime() {
        FakeTicker ticker = new FakeTicker();
        ticker.set(Long.MAX_VALUE - 10);
        long before = ticker.nanoTime();
        ticker.advance(Duration.ofNanos(20));
        assertEquals(20, ticker.nanoTime() - before);
    }

    @Test
    void cannotGoBack() {
        assertThrows(IllegalArgumentException.class, () -> new FakeTicker().advance(Duration.ofNanos(-1)));
    }
}
