package com.example.orders;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The slow payment service of the incident, a real HTTP server on 127.0.0.1: every request waits
 * until the test {@link #release()}s it (at most 30 s), so the test decides how long the
 * service's transactions stay open, without sleeping.
 */
final class SlowPaymentServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Semaphore arrived = new Semaphore(0);
    private volatile CountDownLatch release = new CountDownLatch(1);

    SlowPaymentServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/pay", exchange -> {
            CountDownLatch wait = release;
            arrived.release();
            try {
                wait.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pay";
    }

    /** Waits (at most {@code seconds}) until {@code n} payment calls are being held. */
    boolean awaitHeld(int n, long seconds) throws InterruptedException {
        return arrived.tryAcquire(n, seconds, TimeUnit.SECONDS);
    }

    /** Answers the held calls; later calls wait again. */
    void release() {
        CountDownLatch held = release;
        release = new CountDownLatch(1);
        held.countDown();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
