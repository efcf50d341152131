package dev.tidepool.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP server on loopback that accepts connections and never answers: the server that hangs in
 * a driver's login (TIMEOUT), or, with {@link #hangingUpOnFirstBytes()}, one that hangs up as soon
 * as the client speaks. Every accepted socket is closed by {@link #close()}.
 */
public final class SilentServer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket();
    private final List<Socket> accepted = new ArrayList<>();
    private final Thread acceptor;

    private SilentServer(boolean hangUp) throws IOException {
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(() -> acceptUntilClosed(hangUp), "silent-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Accepts and says nothing. */
    public static SilentServer silent() throws IOException {
        return new SilentServer(false);
    }

    /** Accepts, reads the client's first byte and hangs up. */
    public static SilentServer hangingUpOnFirstBytes() throws IOException {
        return new SilentServer(true);
    }

    private void acceptUntilClosed(boolean hangUp) {
        try {
            while (true) {
                Socket s = server.accept();
                synchronized (accepted) {
                    accepted.add(s);
                }
                if (hangUp) {
                    s.getInputStream().read();
                    s.close();
                }
            }
        } catch (IOException closed) {
            // close() closed the server socket
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections it has accepted. */
    public int accepted() {
        synchronized (accepted) {
            return accepted.size();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
        }
        acceptor.join(5_000);
    }
}
