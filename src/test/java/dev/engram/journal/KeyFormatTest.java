package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Day#key()}, {@link Day#tryParse} and {@link SegmentKey#key()} are written by hand (they run several times per
 * stored upload); they must give exactly what the formatters gave.
 */
class KeyFormatTest {
    @Test
    void dayKeysMatchTheIsoBasicFormatAndParseBack() {
        long seed = System.nanoTime();
        System.out.println("KeyFormatTest seed " + seed);
        Random r = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            LocalDate d = LocalDate.of(Day.MIN_YEAR, 1, 1).plusDays(r.nextInt(3_650_000));
            String expected = d.format(DateTimeFormatter.BASIC_ISO_DATE);
            assertThat(new Day(d).key()).isEqualTo(expected);
            assertThat(Day.tryParse(expected)).contains(new Day(d));
        }
        assertThat(new Day(LocalDate.of(1, 1, 1)).key()).isEqualTo("00010101");
        assertThat(Day.tryParse("20230229")).isEmpty();
        assertThat(Day.tryParse("20241301")).isEmpty();
        assertThat(Day.tryParse("20240100")).isEmpty();
        assertThat(Day.tryParse("00000101")).isEmpty();
        assertThat(Day.tryParse("99990101")).isEmpty();
        assertThat(Day.tryParse("20240229")).contains(new Day(LocalDate.of(2024, 2, 29)));
        assertThat(Day.tryParse("2024-01-01")).isEmpty();
    }

    @Test
    void segmentKeysMatchTheFormattedNames() {
        for (int t = 0; t < 86_400; t += 7) {
            for (int len : new int[] {0, 1, 59, 300, 999_999}) {
                LocalTime start = LocalTime.ofSecondOfDay(t);
                String expected = String.format("%02d%02d%02d_%d", start.getHour(), start.getMinute(),
                        start.getSecond(), len);
                assertThat(SegmentKey.of(start, len).key()).isEqualTo(expected);
            }
        }
        assertThat(SegmentKey.tryParse("234567_300").orElseThrow().key()).isEqualTo("234567_300");
        assertThat(SegmentKey.tryParse("995999_1").orElseThrow().key()).isEqualTo("995999_1");
    }
}
