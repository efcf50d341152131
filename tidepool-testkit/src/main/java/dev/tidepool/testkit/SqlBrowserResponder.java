package dev.tidepool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the SQL Server Browser service: a UDP responder on 127.0.0.1 (an ephemeral port)
 * that answers SSRP {@code CLNT_UCAST_INST} requests ({@code 0x04}, the instance name, {@code
 * 0x00}) for the instances it was told about, with an {@code SVR_RESP} ({@code 0x05}, a 2-byte
 * little-endian length, then {@code ServerName;H;InstanceName;I;IsClustered;No;Version;...;tcp;PORT;;}).
 *
 * <pre>{@code
 * try (SqlBrowserResponder browser = SqlBrowserResponder.start()) {
 *     browser.instance("SQLEXPRESS", 50123);
 *     ... ask 127.0.0.1:browser.port() ...
 *     browser.silent(true); // the Browser service stopped, or UDP 1434 blocked
 * }
 * }</pre>
 *
 * <p>Like the real Browser it says nothing about an instance it does not know (instance names
 * are compared case-insensitively). Everything else it receives is ignored. One daemon thread,
 * named {@code sql-browser-<port>}; {@link #close()} closes the socket and joins it.
 */
public final class SqlBrowserResponder implements AutoCloseable {

    private static final byte CLNT_UCAST_INST = 0x04;
    private static final byte SVR_RESP = 0x05;

    private final DatagramSocket socket;
    private final Map<String, Integer> instances = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread thread;
    private volatile boolean silent;

    private SqlBrowserResponder(DatagramSocket socket) {
        this.socket = socket;
        this.thread = new Thread(this::serve, "sql-browser-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** Binds 127.0.0.1 on an ephemeral UDP port and starts answering. */
    public static SqlBrowserResponder start() {
        try {
            return new SqlBrowserResponder(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot bind a UDP port on 127.0.0.1 for the SQL Browser responder", e);
        }
    }

    /** The UDP port to send SSRP requests to. */
    public int port() {
        return socket.getLocalPort();
    }

    /** Answers requests for {@code name} with this TCP port from now on. */
    public SqlBrowserResponder instance(String name, int tcpPort) {
        instances.put(name.toUpperCase(Locale.ROOT), tcpPort);
        return this;
    }

    /** While true, answers nothing at all: the Browser service is stopped or UDP is filtered. */
    public SqlBrowserResponder silent(boolean silent) {
        this.silent = silent;
        return this;
    }

    /** Datagrams received so far, answered or not. */
    public int requests() {
        return requests.get();
    }

    private void serve() {
        byte[] buffer = new byte[1024];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(in);
            } catch (IOException closed) {
                return; // close() closed the socket
            }
            requests.incrementAndGet();
            byte[] answer = answer(in.getData(), in.getLength());
            if (answer != null && !silent) {
                try {
                    socket.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }
    }

    /** The SVR_RESP for a CLNT_UCAST_INST naming a known instance, else null. */
    private byte[] answer(byte[] data, int length) {
        if (length < 2 || data[0] != CLNT_UCAST_INST) {
            return null;
        }
        int end = 1;
        while (end < length && data[end] != 0) {
            end++;
        }
        String name = new String(data, 1, end - 1, StandardCharsets.US_ASCII);
        Integer tcp = instances.get(name.toUpperCase(Locale.ROOT));
        if (tcp == null) {
            return null;
        }
        byte[] text = ("ServerName;TESTKIT;InstanceName;" + name + ";IsClustered;No;Version;15.0.2000.5;tcp;" + tcp + ";;")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[3 + text.length];
        out[0] = SVR_RESP;
        out[1] = (byte) (text.length & 0xff);
        out[2] = (byte) ((text.length >>> 8) & 0xff);
        System.arraycopy(text, 0, out, 3, text.length);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(5_000);
    }
}
