package dev.tidepool.jdbc.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.internal.diagnosis.SqlText;
import dev.tidepool.jdbc.internal.diagnosis.StackReducer;
import org.junit.jupiter.api.Test;

/** Which frames are application code, and how the last SQL is shown. Issue 5. */
class StackReducerTest {

    private static StackTraceElement frame(String className, String method, int line) {
        String file = className.substring(className.lastIndexOf('.') + 1).replaceAll("\\$.*", "") + ".java";
        return new StackTraceElement(className, method, file, line);
    }

    @Test
    void frameworkDriverJdkAndProxyFramesAreSkippedUpToTheApplication() {
        StackTraceElement[] stack = {
            frame("java.lang.Thread", "sleep0", -2),
            frame("sun.nio.ch.NioSocketImpl", "read", 1),
            frame("org.postgresql.core.PGStream", "receive", 2),
            frame("dev.tidepool.jdbc.internal.PreparedStatementWrapper", "executeQuery", 3),
            frame("com.acme.jenkins.JenkinsClient", "startBuild", 88),
            frame("com.acme.builds.BuildService$$SpringCGLIB$$0", "build", -1),
            frame("org.springframework.aop.framework.CglibAopProxy", "intercept", 4),
            frame("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", 5),
            frame("java.lang.reflect.Method", "invoke", 6),
            frame("com.sun.proxy.$Proxy12", "build", 7),
            frame("com.acme.builds.BuildService", "build", 42),
            frame("org.apache.catalina.core.ApplicationFilterChain", "doFilter", 8),
            frame("io.micronaut.http.server.RouteExecutor", "execute", 9),
        };
        assertEquals("JenkinsClient.startBuild(JenkinsClient.java:88) <- BuildService.build(BuildService.java:42)",
                StackReducer.DEFAULT.describe(stack, 3));
        assertTrue(StackReducer.inJdbcCall(stack), "a thread reading a PostgreSQL socket is in a JDBC call");
    }

    @Test
    void tidepoolsOwnDemoApplicationCountsAsApplicationCode() {
        assertTrue(StackReducer.DEFAULT.isApplication(frame("dev.tidepool.cli.demo.app.BuildService", "build", 30)));
        assertFalse(StackReducer.DEFAULT.isApplication(frame("dev.tidepool.cli.IncidentScenario", "run", 1)));
        assertFalse(StackReducer.DEFAULT.isApplication(frame("dev.tidepool.core.internal.SubPool", "borrow", 1)));
    }

    @Test
    void aThreadSleepingInApplicationCodeIsNotInAJdbcCall() {
        StackTraceElement[] stack = {
            frame("java.lang.Thread", "sleep", 1),
            frame("com.acme.jenkins.JenkinsClient", "startBuild", 88),
        };
        assertFalse(StackReducer.inJdbcCall(stack));
    }

    @Test
    void aStackWithoutApplicationFramesSaysSo() {
        StackTraceElement[] stack = {frame("java.lang.Object", "wait", 1), frame("org.h2.Engine", "run", 2)};
        assertEquals("(no application frame; innermost Engine.run(Engine.java:2))",
                StackReducer.DEFAULT.describe(stack, 3));
    }

    @Test
    void lastSqlIsCollapsedMaskedAndCut() {
        assertEquals("update users set name = ?, age = ? where id = ? and t1.x = ?",
                SqlText.shown("update users\n   set name = 'O''Brien', age = 42\n where id = -7 and t1.x = 3.5"));
        String longSql = "select " + "column_name, ".repeat(20) + "x from t";
        String shown = SqlText.shown(longSql);
        assertEquals(80, shown.length(), shown);
        assertTrue(shown.endsWith("..."), shown);
    }
}
