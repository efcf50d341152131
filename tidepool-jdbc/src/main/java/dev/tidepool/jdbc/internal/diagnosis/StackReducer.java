package dev.tidepool.jdbc.internal.diagnosis;

import java.util.ArrayList;
import java.util.List;

/**
 * Reduces a stack to the frames a developer recognises as their own code: it skips the JDK, JDBC
 * drivers, Tidepool itself and the frameworks and proxies between an application and its pool.
 * Diagnosis shows those frames instead of a 200-line stack.
 *
 * <p>The tables below are the whole policy, in order: a frame whose class starts with a
 * {@link #KEEP} prefix is application code (Tidepool's own demo application); otherwise one that
 * starts with a {@link #SKIP} prefix, or whose class name contains a {@link #SKIP_CONTAINING}
 * marker (generated proxies), is not; everything else is.
 */
public final class StackReducer {

    /** Classes that are application code even though a SKIP prefix matches them. */
    static final List<String> KEEP = List.of(
            "dev.tidepool.cli.demo.app.");

    /** Packages that are never the application: JDK, drivers, Tidepool, frameworks, test runners. */
    static final List<String> SKIP = List.of(
            // the JDK, reflection and JDK proxies
            "java.", "javax.", "jdk.", "sun.", "com.sun.",
            // JDBC drivers
            "org.postgresql.", "org.mariadb.", "org.h2.", "com.mysql.", "oracle.jdbc.",
            "com.microsoft.sqlserver.", "org.sqlite.", "org.hsqldb.", "org.apache.derby.",
            // Tidepool itself
            "dev.tidepool.",
            // frameworks, containers, ORMs and bytecode generators
            "org.springframework.", "org.hibernate.", "org.apache.ibatis.", "org.mybatis.", "org.jooq.",
            "jakarta.", "io.micronaut.", "io.quarkus.", "io.netty.", "io.undertow.", "org.eclipse.jetty.",
            "org.apache.catalina.", "org.apache.tomcat.", "org.apache.coyote.", "net.bytebuddy.",
            "org.aspectj.", "kotlin.", "kotlinx.", "scala.", "io.reactivex.", "reactor.",
            // observation and resilience aspects around application methods (@Observed, @CircuitBreaker)
            "io.micrometer.", "io.opentelemetry.", "io.github.resilience4j.",
            // test runners (the test method itself is application code)
            "org.junit.", "org.apache.maven.surefire.", "org.gradle.");

    /** Generated classes: CGLIB/ByteBuddy subclasses ($$), JDK and Hibernate proxies. */
    static final List<String> SKIP_CONTAINING = List.of("$$", "$Proxy", "$HibernateProxy");

    /** The drivers' packages: a thread whose first non-JDK frame is here is inside a JDBC call. */
    static final List<String> DRIVERS = List.of(
            "org.postgresql.", "org.mariadb.", "org.h2.", "com.mysql.", "oracle.jdbc.",
            "com.microsoft.sqlserver.", "org.sqlite.", "org.hsqldb.", "org.apache.derby.",
            "dev.tidepool.testkit.");

    /** Tidepool's wrappers count as "in a JDBC call" too; its diagnosis (which takes the stacks) does not. */
    private static final String WRAPPERS = "dev.tidepool.jdbc.internal.";
    private static final String DIAGNOSIS = "dev.tidepool.jdbc.internal.diagnosis.";

    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /** The default policy, from the tables above. */
    public static final StackReducer DEFAULT = new StackReducer(KEEP, SKIP, SKIP_CONTAINING);

    private final List<String> keep;
    private final List<String> skip;
    private final List<String> skipContaining;

    public StackReducer(List<String> keep, List<String> skip, List<String> skipContaining) {
        this.keep = List.copyOf(keep);
        this.skip = List.copyOf(skip);
        this.skipContaining = List.copyOf(skipContaining);
    }

    /** Whether {@code frame} is application code under this policy. */
    public boolean isApplication(StackTraceElement frame) {
        String c = frame.getClassName();
        if (startsWithAny(c, keep)) {
            return true;
        }
        if (startsWithAny(c, skip)) {
            return false;
        }
        for (String marker : skipContaining) {
            if (c.contains(marker)) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code max} application frames of {@code stack}, innermost first; empty if none. */
    public List<StackTraceElement> applicationFrames(StackTraceElement[] stack, int max) {
        List<StackTraceElement> frames = new ArrayList<>(Math.min(max, 4));
        if (stack == null) {
            return frames;
        }
        for (StackTraceElement f : stack) {
            if (frames.size() == max) {
                break;
            }
            if (isApplication(f)) {
                frames.add(f);
            }
        }
        return frames;
    }

    /**
     * The first {@code max} application frames as {@code A.b(A.java:1) <- C.d(C.java:2)}; when
     * there is none, the innermost frame (or {@code "(no stack)"}) so the line still says something.
     */
    public String describe(StackTraceElement[] stack, int max) {
        List<StackTraceElement> frames = applicationFrames(stack, max);
        if (frames.isEmpty()) {
            return stack == null || stack.length == 0 ? "(no stack)"
                    : "(no application frame; innermost " + format(innermostOutsideJdk(stack)) + ")";
        }
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement f : frames) {
            sb.append(sb.length() == 0 ? "" : " <- ").append(format(f));
        }
        return sb.toString();
    }

    /**
     * Whether the thread with this stack is inside a JDBC call: its innermost frame outside the
     * JDK belongs to a driver (or to Tidepool's wrappers), e.g. reading a socket for a query.
     */
    public static boolean inJdbcCall(StackTraceElement[] stack) {
        if (stack == null) {
            return false;
        }
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (!startsWithAny(c, JDK)) {
                return startsWithAny(c, DRIVERS) || c.startsWith(WRAPPERS) && !c.startsWith(DIAGNOSIS);
            }
        }
        return false;
    }

    /** The innermost frame outside the JDK and this diagnosis (a driver's, a framework's), else the innermost. */
    private static StackTraceElement innermostOutsideJdk(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (!startsWithAny(f.getClassName(), JDK) && !f.getClassName().startsWith(DIAGNOSIS)) {
                return f;
            }
        }
        return stack[0];
    }

    /** {@code SimpleName.method(File.java:42)}: the package is left out, nested class names kept. */
    public static String format(StackTraceElement f) {
        String c = f.getClassName();
        String simple = c.substring(c.lastIndexOf('.') + 1);
        String where = f.getFileName() == null ? "Unknown Source"
                : f.getLineNumber() >= 0 ? f.getFileName() + ":" + f.getLineNumber() : f.getFileName();
        return simple + "." + f.getMethodName() + "(" + where + ")";
    }

    private static boolean startsWithAny(String s, List<String> prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
