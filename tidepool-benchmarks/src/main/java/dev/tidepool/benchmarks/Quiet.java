package dev.tidepool.benchmarks;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the pools' start-up chatter (Tomcat's and c3p0's INFO/WARNING lines, through
 * java.util.logging) out of the benchmark output; SEVERE still shows.
 */
final class Quiet {
    private static final Logger ROOT = Logger.getLogger("");

    private Quiet() {
    }

    static void pools() {
        System.setProperty("com.mchange.v2.log.MLog", "jul");
        ROOT.setLevel(Level.SEVERE);
    }
}
