package dev.engram.think;

import java.util.Optional;

/**
 * One insight as the reference keeps it: {@code <name>.json} (title, description, frequency {@code segment} or
 * {@code daily}, occurrences, anticipations, disabled, color) and {@code <name>.txt} (the prompt).
 *
 * @param occurrences extra instructions for the occurrence extraction, or empty when {@code "occurrences": false}
 */
record InsightTemplate(String name, String title, String description, String frequency,
                       Optional<String> occurrences, boolean anticipations, boolean disabled, String color,
                       String prompt, String origin) {

    boolean segment() {
        return "segment".equals(frequency);
    }

    boolean daily() {
        return "daily".equals(frequency);
    }
}
