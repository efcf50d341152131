package dev.tidepool.jdbc.connectfailure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.internal.ConnectFailureClassifier;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The one-line wording of a classified connect failure. Issue 5. */
class ConnectFailureMessageTest {

    @Test
    void describeNamesTheClassWhatTheServerSaidAndTheFix() {
        SQLException e = new SQLException("FATAL: password authentication failed for user \"x\"", "28P01");
        assertEquals("AUTH_FAILED: password authentication failed for user \"x\" \u2014 check username/password"
                + " (the server rejected the login)", ConnectFailureClassifier.describe(e));
    }

    @Test
    void describeAddsTheDecisiveCauseWhenTheDriverMessageIsVague() {
        SQLException e = new SQLException("The connection attempt failed.", "08001",
                new UnknownHostException("no-such-host.invalid"));
        String text = ConnectFailureClassifier.describe(e);
        assertTrue(text.startsWith("UNKNOWN_HOST: The connection attempt failed. "
                + "(UnknownHostException: no-such-host.invalid) \u2014 check the host name"), text);
    }

    @Test
    void describeTrimsDriverNoise() {
        assertEquals("Access denied for user 'app'@'h' (using password: YES)", ConnectFailureClassifier.detail(
                new SQLException("(conn=42) Access denied for user 'app'@'h' (using password: YES)", "28000", 1045),
                null));
        assertEquals("Wrong user name or password", ConnectFailureClassifier.detail(
                new SQLException("Wrong user name or password [28000-232]", "28000", 28000), null));
    }

    @Test
    void describeNeverShowsAPassword() {
        SQLException e = new SQLException("cannot open jdbc:foo://db/x?user=a&password=hunter22 for hunter22",
                "08001", new java.net.ConnectException("Connection refused"));
        String text = ConnectFailureClassifier.describe(e, "hunter22");
        assertFalse(text.contains("hunter22"), text);
        assertTrue(text.startsWith("REFUSED: "), text);
        String noPasswordGiven = ConnectFailureClassifier.describe(
                new SQLException("bad url jdbc:foo://db/x;PASSWORD=hunter22;user=a", "08001"));
        assertFalse(noPasswordGiven.contains("hunter22"), noPasswordGiven);
    }

    @Test
    void aShortPasswordIsMaskedWhereItStandsAloneWithoutGarblingWords() {
        String text = ConnectFailureClassifier.detail(
                new SQLException("FATAL: role \"x\" does not exist, password x rejected", "28000"), "x");
        assertEquals("role \"****\" does not exist, password **** rejected", text);
    }

    @Test
    void describeOfAnUnknownFailureShowsTheRootCause() {
        SQLException e = new SQLException("The connection attempt failed.", "08001",
                new IllegalStateException("protocol violation"));
        assertEquals("OTHER: The connection attempt failed. (IllegalStateException: protocol violation)"
                + " \u2014 see the driver's message and cause", ConnectFailureClassifier.describe(e));
    }
}
