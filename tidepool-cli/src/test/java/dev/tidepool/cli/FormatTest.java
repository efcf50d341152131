package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void nanosPickAUnitThatKeepsTwoOrThreeDigits() {
        assertEquals("800 ns", Format.nanos(800));
        assertEquals("42 us", Format.nanos(42_500));
        assertEquals("2.10 ms", Format.nanos(2_100_000));
        assertEquals("35.2 ms", Format.nanos(35_200_000));
        assertEquals("1.50 s", Format.nanos(1_500_000_000));
    }

    @Test
    void ratesAndCountsUseThousandsSeparators() {
        assertEquals("4,812", Format.rate(4812, 1_000_000_000));
        assertEquals("0", Format.rate(5, 0));
        assertEquals("48,120", Format.count(48_120));
    }
}
