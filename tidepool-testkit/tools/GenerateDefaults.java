import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier.*;
import javax.tools.ToolProvider;

/**
 * Writes the {@code *Defaults} interfaces of the testkit: one default method per abstract
 * method of a {@code java.sql} interface, throwing SQLFeatureNotSupportedException.
 *
 * <p>Run with JDK 17 (the release we compile for, which decides the set of abstract methods)
 * and point it at the java.sql sources of any JDK (for parameter names):
 * <pre>
 *   unzip $JDK/lib/src.zip 'java.sql/java/sql/*' -d /tmp/jsql
 *   java tidepool-testkit/tools/GenerateDefaults.java /tmp/jsql/java.sql tidepool-testkit/src/main/java
 * </pre>
 */
public class GenerateDefaults {

    record Spec(String name, Class<?> type, String extra) {}

    public static void main(String[] args) throws Exception {
        Path src = Path.of(args[0]);
        Path out = Path.of(args[1], "dev/tidepool/testkit");
        List<Spec> specs = List.of(
                new Spec("ConnectionDefaults", java.sql.Connection.class, ""),
                new Spec("StatementDefaults", java.sql.Statement.class, ""),
                new Spec("PreparedStatementDefaults", java.sql.PreparedStatement.class, ", StatementDefaults"),
                new Spec("CallableStatementDefaults", java.sql.CallableStatement.class, ", PreparedStatementDefaults"),
                new Spec("ResultSetDefaults", java.sql.ResultSet.class, ""),
                new Spec("DatabaseMetaDataDefaults", java.sql.DatabaseMetaData.class, ""));
        for (Spec spec : specs) {
            Files.writeString(out.resolve(spec.name() + ".java"), generate(src, spec));
        }
    }

    static String generate(Path src, Spec spec) throws Exception {
        Class<?> type = spec.type();
        Path file = src.resolve("java/sql/" + type.getSimpleName() + ".java");
        JavacTask task = (JavacTask) ToolProvider.getSystemJavaCompiler().getTask(null, null, null,
                List.of("--release", "17"), null,
                ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, null)
                        .getJavaFileObjects(file));
        CompilationUnitTree unit = task.parse().iterator().next();
        Set<String> imports = new TreeSet<>();
        imports.add("import java.sql.*;");
        for (ImportTree imp : unit.getImports()) {
            if (!imp.isStatic() && !imp.getQualifiedIdentifier().toString().startsWith("java.util.regex")) {
                imports.add("import " + imp.getQualifiedIdentifier() + ";");
            }
        }
        ClassTree iface = (ClassTree) unit.getTypeDecls().get(0);
        StringBuilder body = new StringBuilder();
        int count = 0;
        for (Tree member : iface.getMembers()) {
            if (!(member instanceof MethodTree m) || m.getBody() != null
                    || m.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.STATIC)) {
                continue;
            }
            Method reflected = abstractIn17(type, m);
            if (reflected == null) {
                continue;
            }
            String params = m.getParameters().stream()
                    .map(p -> p.getType() + " " + p.getName())
                    .collect(Collectors.joining(", "));
            String typeParams = m.getTypeParameters().isEmpty() ? ""
                    : "<" + m.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", ")) + "> ";
            String throwsClause = m.getThrows().isEmpty() ? ""
                    : " throws " + m.getThrows().stream().map(Object::toString).collect(Collectors.joining(", "));
            String thrown = m.getThrows().stream().anyMatch(t -> t.toString().equals("SQLClientInfoException"))
                    ? "throw new SQLClientInfoException(\"not supported by this stub: " + m.getName() + "\", null);"
                    : m.getThrows().isEmpty()
                    ? "throw new UnsupportedOperationException(\"not supported by this stub: " + m.getName() + "\");"
                    : "throw JdbcStubs.unsupported(\"" + type.getSimpleName() + "." + m.getName() + "\");";
            body.append(reflected.isAnnotationPresent(Deprecated.class) ? "    @Deprecated default " : "    default ").append(typeParams).append(m.getReturnType()).append(' ')
                    .append(m.getName()).append('(').append(params).append(')').append(throwsClause)
                    .append(" { ").append(thrown).append(" }\n");
            count++;
        }
        String header = "// GENERATED by tidepool-testkit/tools/GenerateDefaults.java from java.sql." + type.getSimpleName()
                + " (" + count + " methods). Do not edit; re-run the generator.\n"
                + "package dev.tidepool.testkit;\n\n"
                + String.join("\n", imports) + "\n\n"
                + "/**\n * A {@link " + type.getSimpleName() + "} whose every method throws\n"
                + " * {@link SQLFeatureNotSupportedException}: implement this and override only what a test needs.\n */\n"
                + "public interface " + spec.name() + " extends " + type.getSimpleName() + spec.extra() + ", WrapperDefaults {\n\n";
        return header + body.toString().stripTrailing() + "\n}\n";
    }

    /** JDK 17's abstract method of {@code type} matching this source method by name and parameter types, or null. */
    static Method abstractIn17(Class<?> type, MethodTree m) {
        outer:
        for (Method r : type.getDeclaredMethods()) {
            if (!r.getName().equals(m.getName().toString()) || r.getParameterCount() != m.getParameters().size()
                    || !Modifier.isAbstract(r.getModifiers())) {
                continue;
            }
            List<? extends VariableTree> ps = m.getParameters();
            for (int i = 0; i < ps.size(); i++) {
                String s = ps.get(i).getType().toString().replaceAll("<.*>", "");
                s = s.substring(s.lastIndexOf('.') + 1);
                String varargs = s.endsWith("...") ? s.replace("...", "[]") : s;
                if (!r.getParameterTypes()[i].getSimpleName().equals(varargs)) {
                    continue outer;
                }
            }
            return r;
        }
        return null;
    }
}
