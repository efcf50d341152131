package dev.tidepool.benchmarks;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One build as the paired harnesses ({@link PairedCycle}, {@link PairedPools}) load it, each in
 * a class loader of its own: the folder bench/paired.sh copies (a build's {@code classes/} and
 * the jars of its class path), and that build's own stub database.
 */
final class BuildLibrary {
    private BuildLibrary() {
    }

    /** {@code classes/} first, then the jars in name order. */
    static List<URL> urls(String lib) throws MalformedURLException {
        File dir = new File(lib);
        List<URL> urls = new ArrayList<>();
        urls.add(new File(dir, "classes").toURI().toURL());
        for (File jar : Arrays.stream(dir.listFiles()).filter(f -> f.getName().endsWith(".jar")).sorted().toList()) {
            urls.add(jar.toURI().toURL());
        }
        return urls;
    }

    /**
     * A {@code StubDatabase} of the build in {@code loader}, as {@link StubPoolState} sets it up:
     * calls that do nothing, no bookkeeping of the stub's own.
     */
    static Object quietStubDatabase(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> stub = loader.loadClass("dev.tidepool.testkit.StubDatabase");
        Object database = stub.getMethod("create").invoke(null);
        stub.getMethod("trackStatements", boolean.class).invoke(database, false);
        stub.getMethod("countCalls", boolean.class).invoke(database, false);
        return database;
    }

    /** The JDBC URL of a database {@link #quietStubDatabase} made. */
    static String url(Object database) throws ReflectiveOperationException {
        return (String) database.getClass().getMethod("url").invoke(database);
    }
}
