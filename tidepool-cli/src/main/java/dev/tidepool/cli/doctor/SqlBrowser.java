package dev.tidepool.cli.doctor;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks the SQL Server Browser service (SSRP, UDP 1434 by default) on which TCP port a named
 * instance listens, the question mssql-jdbc asks for {@code host\instance} URLs without a port.
 * One {@code CLNT_UCAST_INST} request ({@code 0x04}, the instance name in ASCII, {@code 0x00}), one
 * {@code SVR_RESP} answer ({@code 0x05}, a 2-byte little-endian length, then
 * {@code ServerName;H;InstanceName;I;IsClustered;No;Version;15.0.2000.5;tcp;1433;;}).
 * The Browser says nothing about an instance it does not know, so silence cannot tell a stopped
 * Browser or a blocked UDP port from a wrong instance name: the doctor names all three.
 */
final class SqlBrowser {

    /** The SQL Server Browser's well-known UDP port. */
    static final int DEFAULT_PORT = 1434;
    static final byte CLNT_UCAST_INST = 0x04;
    static final byte SVR_RESP = 0x05;
    /** SSRP limits an instance name to 32 bytes, without the terminating zero. */
    private static final int MAX_INSTANCE_BYTES = 32;

    /** What the Browser said about the instance: its key/value pairs ({@code tcp}, {@code Version}, ...). */
    record Answer(Map<String, String> values) {
        /** The instance's TCP port, or null when TCP/IP is disabled for it (no {@code tcp} entry). */
        Integer tcpPort() {
            String tcp = values.get("tcp");
            if (tcp == null) {
                return null;
            }
            try {
                return Integer.parseInt(tcp.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        String version() {
            return values.getOrDefault("Version", "unknown");
        }
    }

    /** How asking went. */
    sealed interface Outcome permits Answered, Silent, Unreachable {
    }

    record Answered(Answer answer) implements Outcome {
    }

    /** No answer within the bound. */
    record Silent(Duration waited) implements Outcome {
    }

    /** The host said nothing listens on that UDP port (an ICMP port unreachable). */
    record Unreachable(String reason) implements Outcome {
    }

    private SqlBrowser() {
    }

    /** The CLNT_UCAST_INST request for {@code instance}. */
    static byte[] request(String instance) {
        byte[] name = instance.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length > MAX_INSTANCE_BYTES) {
            throw new IllegalArgumentException("the instance name '" + instance + "' must have 1 to "
                    + MAX_INSTANCE_BYTES + " characters");
        }
        byte[] out = new byte[name.length + 2];
        out[0] = CLNT_UCAST_INST;
        System.arraycopy(name, 0, out, 1, name.length);
        out[out.length - 1] = 0;
        return out;
    }

    /**
     * Reads an SVR_RESP: the first instance record it holds.
     *
     * @throws IllegalArgumentException when it is not one (wrong type byte, a length past the end)
     */
    static Answer decode(byte[] data, int length) {
        if (length < 3 || data[0] != SVR_RESP) {
            throw new IllegalArgumentException("not an SSRP SVR_RESP (" + length + " bytes, first 0x"
                    + (length == 0 ? "--" : String.format("%02x", data[0] & 0xff)) + ")");
        }
        int size = (data[1] & 0xff) | ((data[2] & 0xff) << 8);
        if (3 + size > length) {
            throw new IllegalArgumentException("SSRP SVR_RESP announces " + size + " bytes but carries " + (length - 3));
        }
        String text = new String(data, 3, size, StandardCharsets.US_ASCII);
        int end = text.indexOf(";;"); // one record ends with ";;"; several may follow for a broadcast
        String record = end < 0 ? text : text.substring(0, end);
        String[] parts = record.split(";", -1);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < parts.length; i += 2) {
            values.putIfAbsent(parts[i], parts[i + 1]);
        }
        return new Answer(values);
    }

    /** Sends one request to {@code address:browserPort} and waits up to {@code bound} for the answer. */
    static Outcome ask(InetAddress address, int browserPort, String instance, Duration bound) throws IOException {
        byte[] request = request(instance);
        try (DatagramSocket socket = new DatagramSocket()) {
            // connected, so an ICMP port unreachable surfaces as PortUnreachableException
            socket.connect(new InetSocketAddress(address, browserPort));
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, bound.toMillis())));
            socket.send(new DatagramPacket(request, request.length));
            byte[] buffer = new byte[65535];
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(in);
            } catch (SocketTimeoutException e) {
                return new Silent(bound);
            } catch (PortUnreachableException e) {
                return new Unreachable("ICMP port unreachable: nothing listens on UDP " + browserPort);
            }
            return new Answered(decode(in.getData(), in.getLength()));
        }
    }
}
