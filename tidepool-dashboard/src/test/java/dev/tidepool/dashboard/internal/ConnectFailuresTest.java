package dev.tidepool.dashboard.internal;

import dev.tidepool.jdbc.ConnectFailure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConnectFailuresTest {

    @Test
    void failuresAreCountedByTheClassTheirDescriptionStartsWith() {
        ConnectFailures f = new ConnectFailures();
        f.add("REFUSED: Connection refused — check the port", 2, 10);
        f.add("REFUSED: Connection refused again — check the port", 1, 20);
        f.add("AUTH_FAILED: password authentication failed for user \"x\" — check username/password", 1, 30);
        f.add("something else entirely", 1, 40);
        List<ConnectFailures.Tally> t = f.tallies();
        assertEquals(List.of(ConnectFailure.REFUSED, ConnectFailure.AUTH_FAILED, ConnectFailure.OTHER),
                t.stream().map(ConnectFailures.Tally::failure).toList());
        assertEquals(3, t.get(0).count());
        assertEquals("REFUSED: Connection refused again — check the port", t.get(0).lastMessage());
        assertEquals(ConnectFailure.REFUSED.hint(), t.get(0).hint());
    }

    @Test
    void theQueryTokenIsReadFromItsOwnParameterOnly() {
        assertEquals("abc", Access.fromQuery("x=1&token=abc&y=2"));
        assertEquals(null, Access.fromQuery("mytoken=abc"));
        assertEquals(null, Access.fromQuery(null));
        assertEquals("a b", Access.fromQuery("token=a%20b"));
    }
}
