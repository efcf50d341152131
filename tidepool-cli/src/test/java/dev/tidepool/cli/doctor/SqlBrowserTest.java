package dev.tidepool.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidepool.testkit.SqlBrowserResponder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SSRP messages the doctor sends and reads, and one exchange with the testkit's responder. */
class SqlBrowserTest {

    private static byte[] svrResp(String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[t.length + 3];
        out[0] = 0x05;
        out[1] = (byte) (t.length & 0xff);
        out[2] = (byte) (t.length >>> 8);
        System.arraycopy(t, 0, out, 3, t.length);
        return out;
    }

    @Test
    void aUnicastInstanceRequestIsFourThenTheNameInAsciiThenZero() {
        assertArrayEquals(new byte[] {0x04, 'S', 'Q', 'L', 'E', 'X', 'P', 'R', 'E', 'S', 'S', 0x00},
                SqlBrowser.request("SQLEXPRESS"));
        assertThrows(IllegalArgumentException.class, () -> SqlBrowser.request(""));
        assertThrows(IllegalArgumentException.class, () -> SqlBrowser.request("x".repeat(33)));
    }

    @Test
    void aServerResponseGivesTheInstancesTcpPortAndVersion() {
        byte[] data = svrResp("ServerName;DB1;InstanceName;SQLEXPRESS;IsClustered;No;Version;15.0.2000.5;tcp;50123;;");
        SqlBrowser.Answer answer = SqlBrowser.decode(data, data.length);
        assertEquals(50123, answer.tcpPort());
        assertEquals("15.0.2000.5", answer.version());
        assertEquals("SQLEXPRESS", answer.values().get("InstanceName"));
    }

    @Test
    void aLengthAbove255IsReadLittleEndianAndOnlyTheFirstRecordCounts() {
        String first = "ServerName;DB1;InstanceName;A;IsClustered;No;Version;16.0.1000.6;np;\\\\DB1\\pipe\\"
                + "x".repeat(300) + ";tcp;1500;;";
        byte[] data = svrResp(first + "ServerName;DB1;InstanceName;B;IsClustered;No;Version;15.0;tcp;1600;;");
        assertEquals(1, data[2] & 0xff, "a length over 255 uses the high byte");
        assertEquals(1500, SqlBrowser.decode(data, data.length).tcpPort());
    }

    @Test
    void anInstanceWithoutTcpHasNoPortAndMalformedAnswersAreRejected() {
        byte[] data = svrResp("ServerName;DB1;InstanceName;PIPES;IsClustered;No;Version;15.0;np;\\\\DB1\\pipe\\sql\\query;;");
        assertNull(SqlBrowser.decode(data, data.length).tcpPort());
        byte[] wrongType = {0x04, 0, 0};
        assertThrows(IllegalArgumentException.class, () -> SqlBrowser.decode(wrongType, wrongType.length));
        byte[] truncated = svrResp("ServerName;DB1;tcp;1433;;");
        assertThrows(IllegalArgumentException.class, () -> SqlBrowser.decode(truncated, truncated.length - 4));
    }

    @Test
    void theResponderAnswersKnownInstancesCaseInsensitivelyAndIsSilentOtherwise() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Duration bound = Duration.ofMillis(500);
        try (SqlBrowserResponder browser = SqlBrowserResponder.start()) {
            browser.instance("SQLEXPRESS", 50123);
            SqlBrowser.Outcome known = SqlBrowser.ask(loopback, browser.port(), "sqlexpress", bound);
            assertEquals(50123, assertInstanceOf(SqlBrowser.Answered.class, known).answer().tcpPort());

            assertInstanceOf(SqlBrowser.Silent.class, SqlBrowser.ask(loopback, browser.port(), "OTHER", bound));
            browser.silent(true);
            assertInstanceOf(SqlBrowser.Silent.class, SqlBrowser.ask(loopback, browser.port(), "SQLEXPRESS", bound));
            assertEquals(3, browser.requests());
        }
    }

    @Test
    void nothingOnTheUdpPortIsUnreachableNotSilence() throws Exception {
        int closed;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertInstanceOf(SqlBrowser.Unreachable.class,
                SqlBrowser.ask(InetAddress.getLoopbackAddress(), closed, "SQLEXPRESS", Duration.ofSeconds(2)));
    }
}
