package dev.engram.journal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each distinct warning once; remembers the last 4096 so a file re-read every minute does not flood the log. */
final class LoggingWarnings implements WarningSink {
    private static final Logger LOG = LoggerFactory.getLogger("dev.engram.journal");
    private static final int REMEMBERED = 4096;
    private final Set<Warning> seen = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Warning, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    @Override
    public void warn(Warning warning) {
        boolean first;
        synchronized (seen) {
            first = seen.add(warning);
        }
        if (first) {
            LOG.warn("journal: {}", warning);
        }
    }
}
