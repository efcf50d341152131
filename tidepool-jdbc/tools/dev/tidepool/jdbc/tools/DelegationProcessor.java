package dev.tidepool.jdbc.tools;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Writes the pure delegation of tidepool-jdbc's JDBC wrappers at build time: one abstract
 * {@code *Delegation} class per wrapped {@code java.sql} interface (and {@code ConnectionRefusal}
 * for the closed connection), each method calling {@code delegate()} and passing a
 * {@code SQLException} through {@code onError(e)}. The hand-written wrappers extend them and
 * override only the methods that do pool work.
 *
 * <p>The methods come from the {@code java.sql} interfaces as the running compilation sees them
 * ({@code --release 17}: its own platform classes), so a newer release's methods arrive without
 * edits. What no rule here can get right is left abstract, so that the wrapper must write it or
 * the build fails: a method returning an object the pool wraps (a connection, statement or
 * metadata), an {@code execute*} or {@code addBatch(sql)} of a statement (SQL text and activity
 * go through the connection's hooks), {@code close} of a tracked object (connection, statement), the {@code Wrapper} methods, and a method that cannot throw
 * {@code SQLException} (no hook to classify an error through). A method returning a
 * {@code ResultSet} returns {@code wrap(...)} of the driver's.
 *
 * <p>Runs as an annotation processor of the module's main compile (no annotation needed: it
 * claims none and writes its classes in the first round). An incremental build that hands the
 * previous build's output back to javac as sources finds the types already there and writes
 * nothing (creating them again would fail), so after a change to this class alone run
 * {@code mvn clean}.
 */
public final class DelegationProcessor extends AbstractProcessor {

    private static final String PACKAGE = "dev.tidepool.jdbc.internal";
    private static final Set<String> WRAPPED_RESULTS = Set.of("java.sql.Connection", "java.sql.Statement",
            "java.sql.PreparedStatement", "java.sql.CallableStatement", "java.sql.DatabaseMetaData");

    /** DELEGATE: call the driver's object; REFUSE: throw what a closed connection throws. */
    private enum Mode { DELEGATE, REFUSE }

    /**
     * One generated class. {@code superclass} null: a root that declares the hooks; otherwise it
     * extends a hand-written wrapper (the statement wrappers mirror the interfaces' hierarchy) and
     * declares only its own interface's methods.
     */
    private record Spec(String name, String iface, Mode mode, String typeParameters, String delegateType,
                        boolean delegateThrows, String superclass, String constructorParameters,
                        String constructorArguments) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("ConnectionDelegation", "java.sql.Connection", Mode.DELEGATE, "", "java.sql.Connection",
                    false, null, "", ""),
            new Spec("ConnectionRefusal", "java.sql.Connection", Mode.REFUSE, "", null, false, null, "", ""),
            new Spec("StatementDelegation", "java.sql.Statement", Mode.DELEGATE, "<S extends java.sql.Statement>",
                    "S", false, null, "", ""),
            new Spec("PreparedStatementDelegation", "java.sql.PreparedStatement", Mode.DELEGATE,
                    "<S extends java.sql.PreparedStatement>", "S", false, "StatementWrapper<S>",
                    "ConnectionWrapper conn, S delegate", "conn, delegate"),
            new Spec("CallableStatementDelegation", "java.sql.CallableStatement", Mode.DELEGATE, "",
                    "java.sql.CallableStatement", false, "PreparedStatementWrapper<java.sql.CallableStatement>",
                    "ConnectionWrapper conn, java.sql.CallableStatement delegate, String sql", "conn, delegate, sql"),
            new Spec("ResultSetDelegation", "java.sql.ResultSet", Mode.DELEGATE, "", "java.sql.ResultSet",
                    false, null, "", ""),
            new Spec("DatabaseMetaDataDelegation", "java.sql.DatabaseMetaData", Mode.DELEGATE, "",
                    "java.sql.DatabaseMetaData", true, null, "", ""));

    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (done || round.processingOver()) {
            return false;
        }
        done = true; // once per compilation: a second round must not recreate the files
        for (Spec spec : SPECS) {
            String qualified = PACKAGE + "." + spec.name();
            if (processingEnv.getElementUtils().getTypeElement(qualified) != null) {
                continue; // already among the sources (an incremental build passed last build's output back)
            }
            TypeElement iface = processingEnv.getElementUtils().getTypeElement(spec.iface());
            try (Writer out = processingEnv.getFiler().createSourceFile(qualified).openWriter()) {
                out.write(generate(spec, iface));
            } catch (FilerException e) {
                // the file was written earlier in this compilation: nothing to do
            } catch (IOException e) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        "cannot write " + qualified + ": " + e.getMessage());
            }
        }
        return false;
    }

    private String generate(Spec spec, TypeElement iface) {
        StringBuilder body = new StringBuilder();
        boolean usesWrap = false;
        boolean usesClientInfo = false;
        int count = 0;
        List<Element> members = new ArrayList<>(iface.getEnclosedElements());
        if (spec.mode() == Mode.REFUSE) { // a closed connection refuses unwrapping too
            members.addAll(processingEnv.getElementUtils().getTypeElement("java.sql.Wrapper").getEnclosedElements());
        }
        for (ExecutableElement m : ElementFilter.methodsIn(members)) {
            if (m.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(Modifier.PRIVATE)
                    || m.getThrownTypes().isEmpty()) {
                continue;
            }
            String exception = m.getThrownTypes().get(0).toString();
            String text;
            if (spec.mode() == Mode.REFUSE) {
                text = "throw " + (exception.equals("java.sql.SQLClientInfoException") ? "closedClientInfo()" : "closed()")
                        + ";";
            } else {
                if (handWritten(spec, m)) {
                    continue;
                }
                String call = "delegate()." + m.getSimpleName() + "(" + arguments(m) + ")";
                String returned = m.getReturnType().toString();
                if (returned.equals("java.sql.ResultSet")) {
                    call = "wrap(" + call + ")";
                    usesWrap = true;
                }
                usesClientInfo |= exception.equals("java.sql.SQLClientInfoException");
                text = "try { " + (returned.equals("void") ? "" : "return ") + call + "; } catch (" + exception
                        + " e) { throw onError(e); }";
            }
            count++;
            body.append("\n");
            if (processingEnv.getElementUtils().isDeprecated(m)) {
                body.append("    @Deprecated\n");
            }
            body.append("    @Override\n    public ").append(typeParameters(m)).append(m.getReturnType()).append(' ')
                    .append(m.getSimpleName()).append('(').append(parameters(m)).append(") throws ")
                    .append(m.getThrownTypes().stream().map(TypeMirror::toString).collect(Collectors.joining(", ")))
                    .append(" {\n        ").append(text).append("\n    }\n");
        }
        StringBuilder out = new StringBuilder();
        out.append("// GENERATED at build time by tidepool-jdbc/tools/dev/tidepool/jdbc/tools/DelegationProcessor.java\n")
                .append("// from ").append(spec.iface()).append(" (").append(count).append(" methods) as this compilation's --release")
                .append(" sees it. Do not edit: change the processor or override in the wrapper.\n")
                .append("package ").append(PACKAGE).append(";\n\n")
                .append("/** ").append(spec.mode() == Mode.REFUSE
                        ? "Every {@code " + spec.iface() + "} method that can throw fails as a closed connection does."
                        : "Pure delegation of {@code " + spec.iface() + "}: through {@code delegate()}, errors through {@code onError}.")
                .append(" */\n")
                .append("@SuppressWarnings(\"deprecation\")\n")
                .append("abstract class ").append(spec.name()).append(spec.typeParameters())
                .append(spec.superclass() == null ? "" : " extends " + spec.superclass())
                .append(" implements ").append(spec.iface()).append(" {\n");
        if (spec.superclass() != null) {
            out.append("\n    ").append(spec.name()).append('(').append(spec.constructorParameters()).append(") {\n")
                    .append("        super(").append(spec.constructorArguments()).append(");\n    }\n");
        } else if (spec.mode() == Mode.REFUSE) {
            out.append("\n    /** The error every call of a closed connection throws. */\n")
                    .append("    abstract java.sql.SQLException closed();\n")
                    .append("\n    /** {@link #closed()} for the methods that may throw only this type. */\n")
                    .append("    abstract java.sql.SQLClientInfoException closedClientInfo();\n");
        } else {
            out.append("\n    /** The driver's object (or what stands for it once closed); read once per call. */\n")
                    .append("    abstract ").append(spec.delegateType()).append(" delegate()")
                    .append(spec.delegateThrows() ? " throws java.sql.SQLException" : "").append(";\n")
                    .append("\n    /** Classifies a driver's error (a dead connection is destroyed on return); returns what to throw. */\n")
                    .append("    abstract java.sql.SQLException onError(java.sql.SQLException e);\n");
            if (usesClientInfo) {
                out.append("\n    /** {@link #onError(java.sql.SQLException)} for the methods that may throw only this type. */\n")
                        .append("    abstract java.sql.SQLClientInfoException onError(java.sql.SQLClientInfoException e);\n");
            }
            if (usesWrap) {
                out.append("\n    /** Wraps a result set the driver returned (null stays null). */\n")
                        .append("    abstract java.sql.ResultSet wrap(java.sql.ResultSet rs);\n");
            }
        }
        return out.append(body).append("}\n").toString();
    }

    /** The methods no rule can write: left abstract, so the wrapper must (or the build fails). */
    private static boolean handWritten(Spec spec, ExecutableElement m) {
        String name = m.getSimpleName().toString();
        boolean statement = !spec.iface().equals("java.sql.Connection") && spec.iface().endsWith("Statement");
        return (name.equals("close") && !spec.iface().equals("java.sql.ResultSet")) // untracked: plain delegation
                || WRAPPED_RESULTS.contains(m.getReturnType().toString())
                || (statement && (name.startsWith("execute") || (name.equals("addBatch") && !m.getParameters().isEmpty())));
    }

    private static String typeParameters(ExecutableElement m) {
        if (m.getTypeParameters().isEmpty()) {
            return "";
        }
        return m.getTypeParameters().stream().map(DelegationProcessor::typeParameter)
                .collect(Collectors.joining(", ", "<", "> "));
    }

    private static String typeParameter(TypeParameterElement t) {
        List<String> bounds = t.getBounds().stream().map(TypeMirror::toString)
                .filter(b -> !b.equals("java.lang.Object")).collect(Collectors.toList());
        return t.getSimpleName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds));
    }

    private static String parameters(ExecutableElement m) {
        List<? extends VariableElement> ps = m.getParameters();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < ps.size(); i++) {
            String type = ps.get(i).asType().toString();
            if (m.isVarArgs() && i == ps.size() - 1) {
                type = type.substring(0, type.length() - 2) + "...";
            }
            s.append(i == 0 ? "" : ", ").append(type).append(' ').append(name(ps.get(i)));
        }
        return s.toString();
    }

    private static String arguments(ExecutableElement m) {
        return m.getParameters().stream().map(DelegationProcessor::name).collect(Collectors.joining(", "));
    }

    /** The parameter's name, unless it would hide the catch clause's {@code e}. */
    private static String name(Element parameter) {
        String name = parameter.getSimpleName().toString();
        return name.equals("e") ? "e_" : name;
    }
}
