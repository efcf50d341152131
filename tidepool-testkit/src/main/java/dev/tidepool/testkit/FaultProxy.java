package dev.tidepool.testkit;

import dev.tidepool.core.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on 127.0.0.1 that misbehaves on command, the way real networks do, between a pool
 * and a real database server.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start("127.0.0.1", 5432)) {
 *     String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?socketTimeout=1";
 *     ... proxy.blackhole(); ... proxy.pass(); ...
 * }
 * }</pre>
 *
 * <p>Faults, switchable at any time:
 * <ul>
 *   <li>{@link #pass()}: a healthy network; clears every fault below (flows already forgotten by
 *       {@link #dropIdleFlowsAfter} stay dead).
 *   <li>{@link #resetAll()}: every current flow gets a TCP RST on both sides; new flows pass.
 *   <li>{@link #blackhole()}: a pulled cable. Sockets stay open, nothing moves in either direction,
 *       and new TCP connections are accepted (by the kernel) but never reach the server. Data is held,
 *       not lost, like TCP retransmits: after {@link #pass()} it flows again.
 *   <li>{@link #blackholeLosingConnects()}: the same, except that connects made while it lasts
 *       are lost for good, as when a real network drops the SYNs and the client's next retransmit
 *       comes seconds after the network is back: such a flow stays open but never reaches the
 *       server, so its client waits out its own connect or login timeout.
 *   <li>{@link #refuseNew()}: the listening socket is closed, so connects get ECONNREFUSED; existing
 *       flows keep working. Any other mode re-opens the same port.
 *   <li>{@link #latency(Duration)}: every chunk waits this long before it is forwarded, in each
 *       direction, so a round trip takes at least twice as long.
 *   <li>{@link #dropIdleFlowsAfter(Duration)}: a firewall that forgets idle flows. A flow with no
 *       traffic for longer than the limit (measured on the proxy's {@link Ticker}) silently stops
 *       forwarding forever, and neither socket is closed.
 * </ul>
 *
 * <p>Design: blocking sockets, one thread per direction per flow, all daemon threads named
 * {@code faultproxy-<port>-*}. Faults are applied when a chunk arrives, which is exactly when
 * a real network would drop or delay it. Waits during a blackhole are re-checked every second so
 * {@link #close()} always finishes within a few seconds.
 *
 * <p>Why this class is over 400 lines: the faults share one flow table and one accept loop, and a
 * test switches them on and off while flows run; split up, every fault would need the flows' state
 * passed in. The per-direction copy loop is the one place each fault is applied.
 */
public final class FaultProxy implements AutoCloseable {

    private enum Mode { PASS, BLACKHOLE, REFUSE_NEW }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long ACCEPTOR_EXIT_BOUND_MILLIS = 5_000;

    private final String targetHost;
    private final int targetPort;
    private final int connectTimeoutMillis;
    private final Ticker ticker;
    private final int port;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled, under {@link #lock}, whenever the mode changes, a flow closes or the proxy closes. */
    private final Condition changed = lock.newCondition();
    private final Set<ProxyFlow> flows = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger flowIds = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;
    private volatile long latencyNanos;
    private volatile long idleDropNanos;
    private volatile boolean loseConnects;
    private volatile boolean closed;
    private ServerSocket server; // guarded by lock
    private Thread acceptor; // guarded by lock

    private FaultProxy(Builder b) throws IOException {
        this.targetHost = b.targetHost;
        this.targetPort = b.targetPort;
        this.connectTimeoutMillis = (int) b.connectTimeout.toMillis();
        this.ticker = b.ticker;
        ServerSocket ss = listen(b.listenPort);
        this.port = ss.getLocalPort();
        lock.lock();
        try {
            server = ss;
            startAcceptor(ss);
        } finally {
            lock.unlock();
        }
    }

    /** A proxy on an ephemeral port of 127.0.0.1 forwarding to {@code host:port}, passing traffic. */
    public static FaultProxy start(String targetHost, int targetPort) throws IOException {
        return to(targetHost, targetPort).start();
    }

    /** A builder for a proxy forwarding to {@code host:port}. */
    public static Builder to(String targetHost, int targetPort) {
        return new Builder(targetHost, targetPort);
    }

    /** The local port clients connect to. */
    public int port() {
        return port;
    }

    // ---- faults ----------------------------------------------------------------------------

    /** A healthy network: stop every fault (forgotten idle flows stay forgotten). */
    public void pass() {
        latencyNanos = 0;
        idleDropNanos = 0;
        setMode(Mode.PASS);
        loseConnects = false; // after the mode: flows held at connect already read it
    }

    /** Sends a TCP RST to both ends of every current flow. New flows are not affected. */
    public void resetAll() {
        for (ProxyFlow flow : flows) {
            flow.reset();
        }
    }

    /** Pulls the cable: nothing moves on current or new flows until {@link #pass()}. */
    public void blackhole() {
        setMode(Mode.BLACKHOLE);
    }

    /**
     * Pulls the cable, and connects made until {@link #pass()} are lost for good: their flows stay
     * open but never reach the server (existing flows resume after {@code pass()}, as with
     * {@link #blackhole()}).
     */
    public void blackholeLosingConnects() {
        loseConnects = true;
        setMode(Mode.BLACKHOLE);
    }

    /** New connects are refused (the port is closed) until another mode is chosen. Existing flows are untouched. */
    public void refuseNew() {
        setMode(Mode.REFUSE_NEW);
    }

    /** Holds every chunk this long before forwarding it, in each direction. {@code Duration.ZERO} = off. */
    public void latency(Duration latency) {
        latencyNanos = latency.toNanos();
    }

    /** Flows idle longer than {@code idle} silently stop forwarding forever. {@code Duration.ZERO} = off. */
    public void dropIdleFlowsAfter(Duration idle) {
        idleDropNanos = idle.toNanos();
    }

    // ---- counters --------------------------------------------------------------------------

    /** TCP connections accepted since start. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Flows whose sockets are still open (including blackholed and forgotten ones). */
    public int activeFlows() {
        return flows.size();
    }

    /** Flows forgotten by {@link #dropIdleFlowsAfter(Duration)}. */
    public int droppedFlows() {
        return dropped.get();
    }

    /**
     * Closes both sockets of every flow the idle firewall forgot, as the peers' TCP keepalive
     * eventually would, so the server ends their sessions. Returns how many were closed.
     */
    public int closeForgottenFlows() {
        int n = 0;
        for (ProxyFlow flow : flows) {
            if (flow.isForgotten()) {
                flow.close();
                n++;
            }
        }
        return n;
    }

    /** Closes the listening socket and every flow, and waits (bounded, a few seconds) for its threads. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            closeServer();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        joinThreads(t -> t.getName().endsWith("-accept"), deadline);
        for (ProxyFlow flow : flows) {
            flow.close();
        }
        joinThreads(t -> true, deadline);
    }

    @Override
    public String toString() {
        return "FaultProxy[127.0.0.1:" + port + " -> " + targetHost + ":" + targetPort + ", " + mode
                + ", flows=" + flows.size() + "]";
    }

    // ---- for flows -------------------------------------------------------------------------

    long nowNanos() {
        return ticker.nanoTime();
    }

    long latencyNanos() {
        return latencyNanos;
    }

    long idleDropNanos() {
        return idleDropNanos;
    }

    boolean isClosed() {
        return closed;
    }

    /** True while a blackhole loses the connects made during it. */
    boolean losesConnects() {
        return mode == Mode.BLACKHOLE && loseConnects;
    }

    void flowDropped() {
        dropped.incrementAndGet();
    }

    Socket connectUpstream() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(targetHost, targetPort), connectTimeoutMillis);
        return socket;
    }

    /**
     * Waits while the cable is pulled. Returns false when the flow or proxy closed meanwhile.
     * The fast path (no blackhole) takes no lock.
     */
    boolean awaitPassable(ProxyFlow flow) {
        if (mode != Mode.BLACKHOLE) {
            return !closed && !flow.isClosed();
        }
        lock.lock();
        try {
            while (mode == Mode.BLACKHOLE && !closed && !flow.isClosed()) {
                changed.await(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
        return !closed && !flow.isClosed();
    }

    void flowClosed(ProxyFlow flow) {
        flows.remove(flow);
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    Thread startThread(String suffix, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, "faultproxy-" + port + "-" + suffix);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        return thread;
    }

    // ---- listening -------------------------------------------------------------------------

    private void setMode(Mode next) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(this + " is closed");
            }
            mode = next;
            if (next == Mode.REFUSE_NEW) {
                closeServer();
            } else if (server == null) {
                server = listen(port);
                startAcceptor(server);
            }
            changed.signalAll();
        } catch (IOException e) {
            throw new UncheckedIOException("fault proxy could not re-open port " + port, e);
        } finally {
            lock.unlock();
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(LOOPBACK, port), 50);
        return ss;
    }

    private void closeServer() {
        if (server != null) {
            ProxyFlow.closeQuietly(server);
            server = null;
            awaitAcceptorExit();
        }
    }

    /**
     * A thread blocked in {@code accept()} keeps the kernel's listening socket alive until it leaves
     * the call, so a connect made right after {@code close()} can still be accepted. Waiting for the
     * acceptor to exit makes "the port is closed" true when {@link #refuseNew()} returns.
     */
    private void awaitAcceptorExit() {
        Thread exiting = acceptor;
        acceptor = null;
        if (exiting == null) {
            return;
        }
        try {
            exiting.join(ACCEPTOR_EXIT_BOUND_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startAcceptor(ServerSocket ss) {
        acceptor = startThread("accept", () -> acceptLoop(ss));
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            Socket client;
            try {
                client = ss.accept();
            } catch (IOException e) {
                return; // closed by refuseNew() or close()
            }
            boolean lost = losesConnects(); // before the count: whoever sees the count sees this decided
            accepted.incrementAndGet();
            if (closed) {
                ProxyFlow.closeQuietly(client);
                return;
            }
            ProxyFlow flow = new ProxyFlow(this, flowIds.incrementAndGet(), client, ticker.nanoTime(), lost);
            flows.add(flow);
            startThread(flow.id() + "-c2s", flow::run);
        }
    }

    private void joinThreads(java.util.function.Predicate<Thread> which, long deadline) {
        for (Thread thread : threads) {
            if (!which.test(thread)) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Options of a {@link FaultProxy}. */
    public static final class Builder {
        private final String targetHost;
        private final int targetPort;
        private int listenPort;
        private Ticker ticker = Ticker.SYSTEM;
        private Duration connectTimeout = Duration.ofSeconds(5);

        private Builder(String targetHost, int targetPort) {
            this.targetHost = Objects.requireNonNull(targetHost, "targetHost");
            this.targetPort = targetPort;
        }

        /** The local port; 0 (default) picks an ephemeral one. */
        public Builder listenPort(int port) {
            this.listenPort = port;
            return this;
        }

        /** The clock that measures idleness for {@link #dropIdleFlowsAfter(Duration)}; a FakeTicker makes that test sleep-free. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Bound on connecting to the target (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public FaultProxy start() throws IOException {
            return new FaultProxy(this);
        }
    }
}
