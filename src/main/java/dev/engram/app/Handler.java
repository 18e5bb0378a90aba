package dev.engram.app;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** One validated {@link OnEvent} handler: the app, its {@code Class#method} name and the pattern it was declared for. */
record Handler(String app, String name, App target, Method method, String tract, String event) {
    void invoke(EventContext context) throws Throwable {
        try {
            method.invoke(target, context);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** How logs and {@link EventDispatcher#handlersFor} show it: {@code app:Class#method}. */
    String label() {
        return app + ":" + name;
    }
}
