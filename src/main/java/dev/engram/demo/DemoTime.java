package dev.engram.demo;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Instants of the demo world, all derived from a date and a local time in the owner's zone; never the clock. */
final class DemoTime {
    static final ZoneId ZONE = ZoneId.of(World.TIMEZONE);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private DemoTime() {
    }

    static long millis(LocalDate date, LocalTime time) {
        return date.atTime(time).atZone(ZONE).toInstant().toEpochMilli();
    }

    /** ISO-8601 with the zone offset, as action logs carry it ({@code 2026-11-27T09:15:00+00:00}). */
    static String iso(LocalDate date, LocalTime time) {
        return ISO.format(date.atTime(time).atZone(ZONE));
    }

    static String hms(LocalTime time) {
        return HMS.format(time);
    }

    static String hm(LocalTime time) {
        return HM.format(time);
    }
}
