package dev.engram.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an app method as the handler of bus events with this {@code tract} and {@code event}; {@code "*"} matches
 * any. The method must be public, non-static, return void and take exactly one {@link EventContext}. Repeat the
 * annotation to handle several patterns; a handler runs once per matching pattern, as in the reference.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(OnEvent.List.class)
public @interface OnEvent {
    String tract();

    String event();

    /** The container of repeated {@link OnEvent} annotations. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        OnEvent[] value();
    }
}
