package dev.tidepool.testkit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One client connection through a {@link FaultProxy}: the client socket, the upstream socket, and a
 * pump thread per direction. The flow ends when both pumps end or on any error; {@link #reset()}
 * ends it with RSTs.
 */
final class ProxyFlow {

    private final FaultProxy proxy;
    private final int id;
    private final Socket client;
    private final AtomicInteger runningPumps = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Socket upstream;
    private volatile long lastActivityNanos;
    private volatile boolean forgotten;
    /** Accepted during {@link FaultProxy#blackholeLosingConnects()}: never reaches the server. */
    private final boolean lost;

    ProxyFlow(FaultProxy proxy, int id, Socket client, long nowNanos, boolean lost) {
        this.proxy = proxy;
        this.lost = lost;
        this.id = id;
        this.client = client;
        this.lastActivityNanos = nowNanos;
    }

    int id() {
        return id;
    }

    boolean isClosed() {
        return closed.get();
    }

    boolean isForgotten() {
        return forgotten;
    }

    /** The client-to-server thread: connect upstream (unless the cable is pulled), start the other pump, pump. */
    void run() {
        try {
            client.setTcpNoDelay(true);
            if (!proxy.awaitPassable(this)) { // a pulled cable: the server never sees the connect
                return;
            }
            if (lost) {
                forgotten = true;
                discardUntilClosed();
                return;
            }
            Socket s = proxy.connectUpstream();
            upstream = s;
            if (isClosed()) { // reset or closed while connecting
                closeQuietly(s);
                return;
            }
            runningPumps.incrementAndGet();
            proxy.startThread(id + "-s2c", () -> pump(s, client));
            pump(client, s);
        } catch (IOException e) {
            close();
        } finally {
            pumpEnded();
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n = in.read(buffer);
                if (!admit()) {
                    if (n < 0) {
                        return; // a forgotten flow does not forward the FIN either
                    }
                    continue;
                }
                if (!proxy.awaitPassable(this) || !delay()) {
                    return;
                }
                if (n < 0) {
                    to.shutdownOutput(); // half-close, as TCP does
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            close();
        } finally {
            if (from == upstream) {
                pumpEnded();
            }
        }
    }

    /** A lost connect: reads and drops what the client sends until it gives up and closes. */
    private void discardUntilClosed() throws IOException {
        byte[] buffer = new byte[1024];
        InputStream in = client.getInputStream();
        while (!isClosed() && !proxy.isClosed() && in.read(buffer) >= 0) {
            // dropped
        }
        close();
    }

    /** Applies the idle-flow firewall to a chunk that just arrived; false = drop it. */
    private boolean admit() {
        if (forgotten) {
            return false;
        }
        long now = proxy.nowNanos();
        long idleLimit = proxy.idleDropNanos();
        if (idleLimit > 0 && now - lastActivityNanos > idleLimit) {
            forgotten = true;
            proxy.flowDropped();
            return false;
        }
        lastActivityNanos = now;
        return true;
    }

    /** Simulated latency (not synchronisation); false when the flow closed meanwhile. */
    private boolean delay() {
        long latency = proxy.latencyNanos();
        if (latency <= 0) {
            return true;
        }
        long deadline = System.nanoTime() + latency;
        for (long left = latency; left > 0 && !isClosed() && !proxy.isClosed(); left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return !isClosed() && !proxy.isClosed();
    }

    private void pumpEnded() {
        if (runningPumps.decrementAndGet() <= 0) {
            close();
        }
    }

    /** Ends the flow with a TCP RST to both peers (SO_LINGER 0, then close). */
    void reset() {
        lingerZero(client);
        Socket s = upstream;
        if (s != null) {
            lingerZero(s);
        }
        close();
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(client);
            Socket s = upstream;
            if (s != null) {
                closeQuietly(s);
            }
            proxy.flowClosed(this);
        }
    }

    private static void lingerZero(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed: nothing to reset
        }
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing on the way out; nothing useful to do
        }
    }
}
