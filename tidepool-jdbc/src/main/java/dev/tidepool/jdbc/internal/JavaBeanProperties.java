package dev.tidepool.jdbc.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Creates a {@code dataSourceClassName} and sets text properties on it through its public
 * {@code set<Name>} methods, as HikariCP does with {@code dataSource.<name>}: a setter taking
 * {@code String}, a number, a boolean, {@code String[]} or {@code int[]} (comma-separated) is used;
 * {@code String} wins when there are several. Values are never shown in messages: they may be
 * secrets. Uses {@code java.lang.reflect}, not {@code java.beans}, which would pull in
 * {@code java.desktop}.
 */
final class JavaBeanProperties {

    private JavaBeanProperties() {
    }

    static DataSource instantiate(String poolName, String className) {
        Class<?> type;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            type = Class.forName(className, true, loader != null ? loader : JavaBeanProperties.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(poolName + " - dataSourceClassName (" + className
                    + ") cannot be loaded: add the driver's jar to the class path, or use jdbcUrl", e);
        }
        if (!DataSource.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(poolName + " - dataSourceClassName (" + className
                    + ") is not a javax.sql.DataSource: name the driver's data source, e.g. org.postgresql.ds.PGSimpleDataSource");
        }
        try {
            return (DataSource) type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(poolName + " - dataSourceClassName (" + className
                    + ") failed in its constructor: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new IllegalArgumentException(poolName + " - dataSourceClassName (" + className
                    + ") cannot be instantiated (" + e + "): it needs a public no-argument constructor", e);
        }
    }

    /** Sets every property, in name order; the first that fails throws. */
    static void apply(String poolName, DataSource target, Properties properties) {
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            set(poolName, target, name, properties.getProperty(name));
        }
    }

    private static void set(String poolName, Object target, String name, String value) {
        Method setter = setter(target.getClass(), name);
        String what = poolName + " - driver." + name + " (a property of " + target.getClass().getName() + ")";
        if (setter == null) {
            throw new IllegalArgumentException(what + " has no public set" + capitalized(name)
                    + " method taking text, a number or a boolean: check the spelling; its properties are "
                    + propertyNames(target.getClass()));
        }
        Object argument;
        try {
            argument = convert(setter.getParameterTypes()[0], value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " takes a " + setter.getParameterTypes()[0].getSimpleName()
                    + ": the value is not one (not shown: it may be a secret)");
        }
        try {
            setter.invoke(target, argument);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(what + " was refused by the data source: "
                    + e.getCause().getClass().getName(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(what + " cannot be set: " + e, e);
        }
    }

    private static Method setter(Class<?> type, String name) {
        String wanted = "set" + capitalized(name);
        Method best = null;
        for (Method m : type.getMethods()) {
            if (m.getName().equals(wanted) && m.getParameterCount() == 1 && !Modifier.isStatic(m.getModifiers())
                    && convertible(m.getParameterTypes()[0])
                    && (best == null || m.getParameterTypes()[0] == String.class)) {
                best = m;
            }
        }
        return best;
    }

    private static String propertyNames(Class<?> type) {
        TreeSet<String> names = new TreeSet<>();
        for (Method m : type.getMethods()) {
            if (m.getName().startsWith("set") && m.getName().length() > 3 && m.getParameterCount() == 1
                    && convertible(m.getParameterTypes()[0])) {
                String n = m.getName().substring(3);
                names.add(Character.toLowerCase(n.charAt(0)) + n.substring(1));
            }
        }
        return String.join(", ", names);
    }

    private static boolean convertible(Class<?> t) {
        return t == String.class || t == int.class || t == Integer.class || t == long.class || t == Long.class
                || t == boolean.class || t == Boolean.class || t == short.class || t == Short.class
                || t == String[].class || t == int[].class;
    }

    private static Object convert(Class<?> t, String v) {
        if (t == String.class) {
            return v;
        }
        if (t == int.class || t == Integer.class) {
            return Integer.valueOf(v);
        }
        if (t == long.class || t == Long.class) {
            return Long.valueOf(v);
        }
        if (t == short.class || t == Short.class) {
            return Short.valueOf(v);
        }
        if (t == boolean.class || t == Boolean.class) {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new NumberFormatException("not a boolean");
            }
            return Boolean.valueOf(v);
        }
        String[] parts = v.isEmpty() ? new String[0] : v.split("\\s*,\\s*");
        if (t == String[].class) {
            return parts;
        }
        int[] numbers = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = Integer.parseInt(parts[i]);
        }
        return numbers;
    }

    private static String capitalized(String name) {
        return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }
}
