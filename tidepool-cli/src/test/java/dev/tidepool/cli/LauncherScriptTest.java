package dev.tidepool.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher {@code ./tidepool} shows the progress of its first-run build: a plain line per
 * Maven module when stderr is not a terminal, a redrawn spinner line with the elapsed time on a
 * terminal. It runs here on a copy of the launcher in a fake checkout, with stand-ins for
 * {@code mvn} and {@code java} on the PATH, so nothing is really built. Issue 15.
 */
class LauncherScriptTest {

    private static final String FAKE_MVN = String.join("\n",
            "#!/usr/bin/env bash",
            "echo \"[INFO] args: $*\"",
            "echo '[INFO] Building Tidepool 0.1.0-SNAPSHOT                                   [1/3]'",
            "echo '[INFO] Building tidepool-core 0.1.0-SNAPSHOT                              [2/3]'",
            "echo '[INFO] Building jar: /somewhere/tidepool-core-0.1.0-SNAPSHOT.jar'",
            "echo '[INFO] Building tidepool-cli 0.1.0-SNAPSHOT                               [3/3]'",
            // the work a real build does, long enough for a terminal to see the spinner
            "if [[ -n \"${FAKE_MVN_SECONDS:-}\" ]]; then sleep \"$FAKE_MVN_SECONDS\"; fi",
            "if [[ -n \"${FAKE_MVN_FAIL:-}\" ]]; then echo '[ERROR] COMPILATION ERROR: it broke'; exit 1; fi",
            // as the real build: the jar beside its javadoc and sources jars ('-javadoc' sorts before '.jar')
            "mkdir -p tidepool-cli/target/lib && touch tidepool-cli/target/tidepool-cli-0.1.0-SNAPSHOT.jar"
                    + " tidepool-cli/target/tidepool-cli-0.1.0-SNAPSHOT-javadoc.jar"
                    + " tidepool-cli/target/tidepool-cli-0.1.0-SNAPSHOT-sources.jar",
            "");
    private static final String FAKE_JAVA = "#!/usr/bin/env bash\necho \"java $*\"\n";

    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    @Test
    void withoutATerminalTheFirstRunPrintsAPlainLinePerModuleThenRunsTheCommand() throws Exception {
        Path root = fakeCheckout();
        Run first = launch(root, Map.of(), "--version");
        assertEquals(0, first.exitCode(), first::toString);
        List<String> err = first.err().lines().toList();
        assertEquals(List.of(
                "tidepool: building the CLI (mvn -DskipTests -pl tidepool-cli -am package; log in tidepool-cli/target/tidepool-build.log)",
                "tidepool: building Tidepool 0.1.0-SNAPSHOT [1/3]",
                "tidepool: building tidepool-core 0.1.0-SNAPSHOT [2/3]",
                "tidepool: building tidepool-cli 0.1.0-SNAPSHOT [3/3]"), err.subList(0, 4), first::toString);
        assertTrue(err.get(4).matches("tidepool: built in \\d+ s"), first::toString);
        assertEquals(5, err.size(), first::toString);
        assertFalse(first.err().contains("\r"), "no redrawing without a terminal");
        assertEquals("java -cp " + root.resolve("tidepool-cli/target/tidepool-cli-0.1.0-SNAPSHOT.jar") + ":"
                + root.resolve("tidepool-cli/target/lib") + "/* dev.tidepool.cli.Main --version\n", first.out());
        String log = Files.readString(root.resolve("tidepool-cli/target/tidepool-build.log"));
        assertTrue(log.contains("[INFO] args: -B -DskipTests -pl tidepool-cli -am package\n"),
                "package, never install (the shared ~/.m2 stays untouched): " + log);

        Run second = launch(root, Map.of(), "demo");
        assertEquals(0, second.exitCode(), second::toString);
        assertEquals("", second.err(), "built already: no build, no progress");
    }

    @Test
    void aFailedBuildShowsMavensOutputAndExitsOne() throws Exception {
        Run run = launch(fakeCheckout(), Map.of("FAKE_MVN_FAIL", "1"), "demo");
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("[ERROR] COMPILATION ERROR: it broke\n"), run::toString);
        assertTrue(run.err().contains("tidepool: the build failed (exit 1, Maven's output above and in "
                + "tidepool-cli/target/tidepool-build.log); fix it and run ./tidepool again"), run::toString);
        assertEquals("", run.out(), "the command does not run");
    }

    @Test
    void onATerminalTheFirstRunRedrawsOneLineWithASpinnerAndTheElapsedTime() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")),
                "needs script(1) from util-linux to run the launcher on a pseudo-terminal");
        Path root = fakeCheckout();
        // script(1) runs the launcher on a pseudo-terminal; everything it printed comes back on stdout.
        Run run = run(root, Map.of("FAKE_MVN_SECONDS", "1.2"), "/usr/bin/script", "-qec",
                "bash " + root.resolve("tidepool") + " --version", "/dev/null");
        assertEquals(0, run.exitCode(), run::toString);
        String screen = run.out();
        assertTrue(screen.contains("\r\u001b[Ktidepool: building | "), screen);
        assertTrue(screen.contains("tidepool-cli 0.1.0-SNAPSHOT [3/3] "), screen);
        assertTrue(screen.matches("(?s).*\r\u001b\\[Ktidepool: building [|/\\\\-] .*\\[3/3\\] \\d+s.*"), screen);
        assertTrue(screen.contains("tidepool: built in "), screen);
        assertFalse(screen.contains("tidepool: building tidepool-core"), "no plain module lines on a terminal: " + screen);
    }

    @Test
    void theLauncherIsValidBash() throws Exception {
        Run run = run(ReadmeTest.repositoryRoot(), Map.of(), "bash", "-n", ReadmeTest.repositoryRoot().resolve("tidepool").toString());
        assertEquals(0, run.exitCode(), run::toString);
    }

    /** A checkout with the real launcher and empty module folders, and fake mvn and java on the PATH. */
    private Path fakeCheckout() throws IOException {
        Path root = tmp.resolve("checkout");
        for (String module : List.of("tidepool-core", "tidepool-jdbc", "tidepool-cli")) {
            Files.createDirectories(root.resolve(module).resolve("src/main"));
            Files.writeString(root.resolve(module).resolve("pom.xml"), "<project/>\n");
        }
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.copy(ReadmeTest.repositoryRoot().resolve("tidepool"), root.resolve("tidepool"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        executable(bin.resolve("mvn"), FAKE_MVN);
        executable(bin.resolve("java"), FAKE_JAVA);
        executable(root.resolve("tidepool"), Files.readString(root.resolve("tidepool")));
        return root;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run launch(Path root, Map<String, String> env, String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = root.resolve("tidepool").toString();
        System.arraycopy(args, 0, command, 2, args.length);
        return run(root, env, command);
    }

    private Run run(Path dir, Map<String, String> env, String... command) throws Exception {
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        Path.of("/dev/null").toFile()));
        b.environment().put("PATH", tmp.resolve("bin") + ":/usr/bin:/bin");
        b.environment().putAll(env);
        Process p = b.start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        Run run = new Run(ended ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        assertTrue(ended, () -> "did not end within 60 s: " + run);
        return run;
    }
}
