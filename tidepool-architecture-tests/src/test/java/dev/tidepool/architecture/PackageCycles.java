package dev.tidepool.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Collects the package graph of the checked classes (one edge per pair of packages, with one
 * dependency as its example) and reports each strongly connected set of two or more packages: a
 * cycle. ArchUnit's slice rule can ignore dependencies only by origin or target class, not by the
 * pair, hence this small condition.
 */
final class PackageCycles extends ArchCondition<JavaClass> {
    private final String root;
    private final Predicate<Dependency> allowed;
    private final Map<String, Map<String, String>> edges = new TreeMap<>();

    PackageCycles(String root, Predicate<Dependency> allowed) {
        super("form no package cycle (uses of an enclosing package aside)");
        this.root = root;
        this.allowed = allowed;
    }

    @Override
    public void check(JavaClass c, ConditionEvents events) {
        String from = c.getPackageName();
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
            String to = d.getTargetClass().getBaseComponentType().getPackageName();
            if (!to.equals(from) && (to.equals(root) || to.startsWith(root + ".")) && !allowed.test(d)) {
                edges.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, d.getDescription());
            }
        }
    }

    @Override
    public void finish(ConditionEvents events) {
        for (Set<String> cycle : stronglyConnected()) {
            StringBuilder why = new StringBuilder("packages " + cycle + " form a cycle:");
            for (String from : cycle) {
                edges.getOrDefault(from, Map.of()).forEach((to, example) -> {
                    if (cycle.contains(to)) {
                        why.append("\n    ").append(from).append(" -> ").append(to).append(", e.g. ").append(example);
                    }
                });
            }
            events.add(SimpleConditionEvent.violated(cycle, why.toString()));
        }
    }

    /** Tarjan's algorithm; components of one package are not cycles (self edges are never recorded). */
    private List<Set<String>> stronglyConnected() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String v : edges.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                         Set<String> onStack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}
