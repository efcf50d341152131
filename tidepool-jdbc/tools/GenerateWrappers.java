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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;

/**
 * Wrote the first version of the JDBC wrappers of tidepool-jdbc (ConnectionWrapper,
 * StatementWrapper, PreparedStatementWrapper, CallableStatementWrapper, ResultSetWrapper,
 * DatabaseMetaDataWrapper, ClosedConnection): one delegating method per method of the java.sql
 * interface, with the mechanical rules applied (errors through the dead-connection classifier,
 * SQL text through the connection's onSql hook, execute* touching the entry, returned
 * statements / result sets / metadata wrapped). The special methods (close, unwrap, the
 * attribute setters, commit, rollback...) were then edited by hand, and the wrappers are now
 * maintained by hand: this tool is kept to show how they were made and to help when a new Java
 * release adds methods to java.sql (generate to a scratch folder and copy the new methods over).
 * The statement wrappers have since been folded into a hierarchy like the interfaces'
 * (CallableStatementWrapper extends PreparedStatementWrapper extends StatementWrapper): copy a new
 * method only into the wrapper of the interface that declares it.
 *
 * <pre>
 *   unzip $JDK/lib/src.zip 'java.sql/java/sql/*' -d /tmp/jsql
 *   java tidepool-jdbc/tools/GenerateWrappers.java /tmp/jsql/java.sql /tmp/wrappers
 * </pre>
 * Run it with JDK 17 (the release we compile for): it decides which methods exist.
 */
public class GenerateWrappers {

    enum Kind { CONNECTION, STATEMENT, PREPARED, CALLABLE, RESULT_SET, METADATA, CLOSED }

    record Spec(String name, Kind kind, Class<?> type, List<Class<?>> hierarchy) {}

    public static void main(String[] args) throws Exception {
        Path src = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        List<Spec> specs = List.of(
                new Spec("ConnectionWrapper", Kind.CONNECTION, java.sql.Connection.class, List.of(java.sql.Connection.class)),
                new Spec("ClosedConnection", Kind.CLOSED, java.sql.Connection.class, List.of(java.sql.Connection.class)),
                new Spec("StatementWrapper", Kind.STATEMENT, java.sql.Statement.class, List.of(java.sql.Statement.class)),
                new Spec("PreparedStatementWrapper", Kind.PREPARED, java.sql.PreparedStatement.class,
                        List.of(java.sql.PreparedStatement.class, java.sql.Statement.class)),
                new Spec("CallableStatementWrapper", Kind.CALLABLE, java.sql.CallableStatement.class,
                        List.of(java.sql.CallableStatement.class, java.sql.PreparedStatement.class, java.sql.Statement.class)),
                new Spec("ResultSetWrapper", Kind.RESULT_SET, java.sql.ResultSet.class, List.of(java.sql.ResultSet.class)),
                new Spec("DatabaseMetaDataWrapper", Kind.METADATA, java.sql.DatabaseMetaData.class,
                        List.of(java.sql.DatabaseMetaData.class)));
        for (Spec spec : specs) {
            Files.writeString(out.resolve(spec.name() + ".java"), generate(src, spec));
        }
    }

    static String generate(Path src, Spec spec) throws Exception {
        Set<String> imports = new TreeSet<>();
        Set<String> seen = new LinkedHashSet<>();
        StringBuilder body = new StringBuilder();
        for (Class<?> type : spec.hierarchy()) {
            CompilationUnitTree unit = parse(src.resolve("java/sql/" + type.getSimpleName() + ".java"));
            for (ImportTree imp : unit.getImports()) {
                String name = imp.getQualifiedIdentifier().toString();
                if (!imp.isStatic() && !name.startsWith("java.util.regex") && !name.startsWith("java.sql.")) {
                    imports.add("import " + name + ";");
                }
            }
            ClassTree iface = (ClassTree) unit.getTypeDecls().get(0);
            for (Tree member : iface.getMembers()) {
                if (!(member instanceof MethodTree m)
                        || m.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.STATIC)
                        || m.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.PRIVATE)
                        || !existsIn17(type, m)) {
                    continue;
                }
                String key = m.getName() + m.getParameters().stream().map(p -> p.getType().toString())
                        .collect(Collectors.joining(",", "(", ")"));
                if (seen.add(key)) {
                    body.append(method(spec.kind(), m));
                }
            }
        }
        return "package dev.tidepool.jdbc.internal;\n\n" + String.join("\n", imports) + "\nimport java.sql.*;\n\n"
                + "public final class " + spec.name() + " implements " + spec.type().getSimpleName() + " {\n\n"
                + body.toString().stripTrailing() + "\n}\n";
    }

    static String method(Kind kind, MethodTree m) {
        String name = m.getName().toString();
        String ret = m.getReturnType().toString();
        String params = m.getParameters().stream().map(p -> p.getType() + " " + p.getName()).collect(Collectors.joining(", "));
        String args = m.getParameters().stream().map(p -> p.getName().toString()).collect(Collectors.joining(", "));
        String typeParams = m.getTypeParameters().isEmpty() ? ""
                : "<" + m.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", ")) + "> ";
        List<String> thrown = m.getThrows().stream().map(Object::toString).collect(Collectors.toList());
        String throwsClause = thrown.isEmpty() ? "" : " throws " + String.join(", ", thrown);
        String sig = "    @Override\n    public " + typeParams + ret + " " + name + "(" + params + ")" + throwsClause + " {\n";
        if (kind == Kind.CLOSED) {
            String b = switch (name) {
                case "isClosed" -> "return true;";
                case "isValid" -> "return false;";
                case "close", "abort" -> "// closing a closed connection is a no-op";
                default -> thrown.contains("SQLClientInfoException") ? "throw closedClientInfo();" : "throw closed();";
            };
            return sig + "        " + b + "\n    }\n\n";
        }
        String call = "delegate." + name + "(" + args + ")";
        String pre = pre(kind, m, name);
        String expr = wrap(kind, ret, name, call, m);
        String stmt = ret.equals("void") ? expr + ";" : "return " + expr + ";";
        if (expr.equals("conn") || expr.equals("statement")) {
            return sig + "        " + stmt + "\n    }\n\n";
        }
        if (thrown.isEmpty()) {
            return sig + "        " + pre + stmt + "\n    }\n\n";
        }
        String onError = kind == Kind.CONNECTION ? "onError(e)" : "conn.onError(e)";
        if (pre.isEmpty()) { // pure delegation: one line, so the special methods stand out
            return sig + "        try { " + stmt + " } catch (" + thrown.get(0) + " e) { throw " + onError + "; }\n    }\n\n";
        }
        return sig + "        try {\n            " + (pre.isEmpty() ? "" : pre + "\n            ") + stmt
                + "\n        } catch (" + thrown.get(0) + " e) {\n            throw " + onError + ";\n        }\n    }\n\n";
    }

    static boolean isStatementKind(Kind k) {
        return k == Kind.STATEMENT || k == Kind.PREPARED || k == Kind.CALLABLE;
    }

    static String pre(Kind kind, MethodTree m, String name) {
        boolean sqlFirst = !m.getParameters().isEmpty() && m.getParameters().get(0).getName().contentEquals("sql")
                && m.getParameters().get(0).getType().toString().equals("String");
        if (kind == Kind.CONNECTION && (name.equals("prepareStatement") || name.equals("prepareCall"))) {
            return "onSql(sql);";
        }
        if (isStatementKind(kind) && name.startsWith("execute")) {
            if (sqlFirst) {
                return "conn.beforeExecute(sql);";
            }
            return kind == Kind.STATEMENT ? "conn.beforeExecute(null);" : "conn.beforeExecute(this.sql);";
        }
        if (isStatementKind(kind) && name.equals("addBatch") && sqlFirst) {
            return "conn.onSql(sql);";
        }
        return "";
    }

    static String wrap(Kind kind, String ret, String name, String call, MethodTree m) {
        if (kind == Kind.CONNECTION) {
            switch (ret) {
                case "Statement": return "track(new StatementWrapper(this, " + call + "))";
                case "PreparedStatement": return "track(new PreparedStatementWrapper(this, " + call + ", sql))";
                case "CallableStatement": return "track(new CallableStatementWrapper(this, " + call + ", sql))";
                case "DatabaseMetaData": return "new DatabaseMetaDataWrapper(this, " + call + ")";
                default: return call;
            }
        }
        if (ret.equals("Connection")) {
            return "conn";
        }
        if (kind == Kind.RESULT_SET && ret.equals("Statement")) {
            return "statement";
        }
        if (ret.equals("ResultSet") && kind != Kind.RESULT_SET) {
            return "wrap(" + call + ")";
        }
        return call;
    }

    static CompilationUnitTree parse(Path file) throws Exception {
        var compiler = ToolProvider.getSystemJavaCompiler();
        JavacTask task = (JavacTask) compiler.getTask(null, null, null, List.of("--release", "17"), null,
                compiler.getStandardFileManager(null, null, null).getJavaFileObjects(file));
        return task.parse().iterator().next();
    }

    /** True when JDK 17's {@code type} declares this method (matched by name and parameter types). */
    static boolean existsIn17(Class<?> type, MethodTree m) {
        outer:
        for (Method r : type.getDeclaredMethods()) {
            if (!r.getName().equals(m.getName().toString()) || r.getParameterCount() != m.getParameters().size()
                    || Modifier.isStatic(r.getModifiers())) {
                continue;
            }
            List<? extends VariableTree> ps = m.getParameters();
            for (int i = 0; i < ps.size(); i++) {
                String s = ps.get(i).getType().toString().replaceAll("<.*>", "");
                s = s.substring(s.lastIndexOf('.') + 1);
                if (!r.getParameterTypes()[i].getSimpleName().equals(s.replace("...", "[]"))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
