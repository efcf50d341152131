package dev.tidepool.dashboard.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenTest {

    @Test
    void aRandomTokenIs32UrlSafeCharactersAndDiffersEachTime() {
        Token a = Token.random();
        Token b = Token.random();
        assertEquals(32, a.reveal().length());
        assertTrue(a.reveal().matches("[A-Za-z0-9_-]{32}"), a.reveal());
        assertNotEquals(a.reveal(), b.reveal());
    }

    @Test
    void onlyTheExactTokenMatches() {
        Token t = Token.of("abcdefghijklmnop-1");
        assertTrue(t.matches("abcdefghijklmnop-1"));
        assertFalse(t.matches("abcdefghijklmnop-"));
        assertFalse(t.matches("abcdefghijklmnop-12"));
        assertFalse(t.matches("ABCDEFGHIJKLMNOP-1"));
        assertFalse(t.matches(""));
        assertFalse(t.matches(null));
    }

    @Test
    void aConfiguredTokenTooShortOrWithCharactersThatNeedEscapingIsRefusedWithoutShowingIt() {
        IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class, () -> Token.of("s3cr3t"));
        assertFalse(shortOne.getMessage().contains("s3cr3t"));
        IllegalArgumentException spaced = assertThrows(IllegalArgumentException.class,
                () -> Token.of("a token with spaces"));
        assertTrue(spaced.getMessage().contains("position 1"), spaced.getMessage());
        assertFalse(spaced.getMessage().contains("a token with spaces"));
    }

    @Test
    void toStringNeverShowsTheToken() {
        Token t = Token.random();
        assertFalse(t.toString().contains(t.reveal()));
    }
}
