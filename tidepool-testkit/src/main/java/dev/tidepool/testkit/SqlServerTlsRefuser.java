package dev.tidepool.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A SQL Server endpoint whose TLS never works: on 127.0.0.1 (an ephemeral port) it reads the
 * client's TDS PRELOGIN packet, answers with a PRELOGIN response that says the server requires
 * encryption (VERSION 15.0.2000, ENCRYPTION = ENCRYPT_REQ), then hangs up at the first bytes of
 * the TLS handshake, as a server with a broken certificate set-up or a TLS-intercepting middlebox
 * would look to the driver. For the TLS class of connect failures with the real mssql-jdbc driver.
 * One daemon acceptor thread, {@code mssql-tls-refuser-<port>}; {@link #close()} closes everything.
 */
public final class SqlServerTlsRefuser implements AutoCloseable {

    private static final int TDS_HEADER = 8;
    private static final byte TABULAR_RESULT = 0x04;
    private static final byte ENCRYPT_REQ = 0x03;

    private final ServerSocket server;
    private final List<Socket> accepted = new ArrayList<>();
    private final Thread acceptor;
    private volatile int handshakesRefused;

    private SqlServerTlsRefuser(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::serve, "mssql-tls-refuser-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Binds 127.0.0.1 on an ephemeral port and starts accepting. */
    public static SqlServerTlsRefuser start() {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new SqlServerTlsRefuser(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a TCP port on 127.0.0.1 for the TLS refuser", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Clients that got the pre-login answer and were hung up on at the start of TLS. */
    public int handshakesRefused() {
        return handshakesRefused;
    }

    private void serve() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException closed) {
                return;
            }
            synchronized (accepted) {
                accepted.add(s);
            }
            try (s) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                skipPacket(in); // the client's PRELOGIN
                OutputStream out = s.getOutputStream();
                out.write(preLoginResponse());
                out.flush();
                in.readByte(); // the first byte of the TLS handshake, in a TDS PRELOGIN packet
                handshakesRefused++;
            } catch (IOException e) {
                // the client gave up first; next
            }
        }
    }

    private static void skipPacket(DataInputStream in) throws IOException {
        byte[] header = new byte[TDS_HEADER];
        in.readFully(header);
        int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        in.readFully(new byte[Math.max(0, length - TDS_HEADER)]);
    }

    /** Header, then the option tokens VERSION and ENCRYPTION and the terminator, then their data. */
    private static byte[] preLoginResponse() {
        byte[] payload = {
            0x00, 0x00, 11, 0x00, 6,          // VERSION at offset 11, 6 bytes
            0x01, 0x00, 17, 0x00, 1,          // ENCRYPTION at offset 17, 1 byte
            (byte) 0xff,                      // terminator
            15, 0, 0x07, (byte) 0xd0, 0, 0,   // 15.0.2000, sub-build 0
            ENCRYPT_REQ
        };
        int length = TDS_HEADER + payload.length;
        byte[] packet = new byte[length];
        packet[0] = TABULAR_RESULT;
        packet[1] = 0x01; // end of message
        packet[2] = (byte) (length >>> 8);
        packet[3] = (byte) length;
        packet[6] = 0x01; // packet id
        System.arraycopy(payload, 0, packet, TDS_HEADER, payload.length);
        return packet;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        server.close();
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
        }
        acceptor.join(5_000);
    }
}
