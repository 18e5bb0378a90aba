package dev.engram.app;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds and validates an app's {@link OnEvent} methods, once, when the app registers. Methods are taken from the
 * app's class and its superclasses (an override hides the overridden method), sorted by name so the order is stable.
 */
final class HandlerScanner {
    private HandlerScanner() {
    }

    /** The handlers found, or the problems that refuse the whole app (each naming {@code Class#method} and the fix). */
    record Scan(List<Handler> handlers, List<String> problems) {
    }

    static Scan scan(String appName, App app) {
        List<Handler> handlers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Method m : annotatedMethods(app.getClass())) {
            String where = shortName(m.getDeclaringClass()) + "#" + m.getName();
            List<String> own = check(where, m, app);
            for (OnEvent on : m.getAnnotationsByType(OnEvent.class)) {
                if (on.tract().isBlank()) {
                    own.add(where + " has a blank tract in @OnEvent; give a tract name, or \"*\" for any tract");
                }
                if (on.event().isBlank()) {
                    own.add(where + " has a blank event in @OnEvent; give an event name, or \"*\" for any event");
                }
                if (own.isEmpty()) {
                    handlers.add(new Handler(appName, where, app, m, on.tract(), on.event()));
                }
            }
            problems.addAll(own);
        }
        return new Scan(problems.isEmpty() ? List.copyOf(handlers) : List.of(), List.copyOf(problems));
    }

    /** The simple class name, or the full name for anonymous and hidden classes. */
    static String shortName(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() || type.isHidden() ? type.getName() : simple;
    }

    private static List<String> check(String where, Method m, App app) {
        List<String> problems = new ArrayList<>();
        String fix = "declare it as: public void " + m.getName() + "(EventContext ctx)";
        int mod = m.getModifiers();
        if (!Modifier.isPublic(mod)) {
            problems.add(where + " must be public; " + fix);
        }
        if (Modifier.isStatic(mod)) {
            problems.add(where + " must not be static (handlers run on the registered app instance); " + fix);
        }
        if (m.getReturnType() != void.class) {
            problems.add(where + " must return void, not " + m.getReturnType().getSimpleName()
                    + " (use ctx.emit(...) to send results); " + fix);
        }
        Class<?>[] params = m.getParameterTypes();
        if (params.length != 1 || params[0] != EventContext.class) {
            String got = params.length == 0 ? "no parameters" : Arrays.stream(params).map(Class::getSimpleName)
                    .collect(Collectors.joining(", ", "(", ")"));
            problems.add(where + " must take exactly one EventContext parameter, but takes " + got + "; " + fix);
        }
        if (problems.isEmpty() && !m.canAccess(app) && !m.trySetAccessible()) {
            problems.add(where + " cannot be called: make class " + m.getDeclaringClass().getName()
                    + " public (or open its package)");
        }
        return problems;
    }

    private static List<Method> annotatedMethods(Class<?> type) {
        List<Method> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Method[] declared = c.getDeclaredMethods();
            Arrays.sort(declared, Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
            for (Method m : declared) {
                if (m.isBridge() || m.isSynthetic()) {
                    continue;
                }
                String signature = m.getName() + Arrays.toString(m.getParameterTypes());
                boolean overridden = !seen.add(signature) && !Modifier.isPrivate(m.getModifiers());
                if (!overridden && m.getAnnotationsByType(OnEvent.class).length > 0) {
                    found.add(m);
                }
            }
        }
        return found;
    }
}
