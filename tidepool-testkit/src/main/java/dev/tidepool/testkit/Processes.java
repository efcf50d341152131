package dev.tidepool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external programs the PgBouncer fixture needs (pgbouncer, psql, chown), each bounded. */
final class Processes {

    private Processes() {
    }

    static String onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return Path.of(d, program).toString();
            }
        }
        return null;
    }

    static String run(List<String> command) {
        return run(command, "");
    }

    /** Runs {@code command}, with {@code password} in PGPASSWORD (the environment, never the command line). */
    static String run(List<String> command, String password) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGCONNECT_TIMEOUT", "5");
            if (!password.isEmpty()) {
                builder.environment().put("PGPASSWORD", password);
            }
            Process p = builder.start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 10 s");
            }
            String out = new String(p.getInputStream().readAllBytes());
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed with exit code " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
