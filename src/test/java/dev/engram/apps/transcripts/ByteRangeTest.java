package dev.engram.apps.transcripts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Range header parsing against RFC 9110's single-range forms. */
class ByteRangeTest {
    @Test
    void singleRanges() {
        assertThat(ByteRange.parse("bytes=0-0", 10)).isEqualTo(new ByteRange.Part(new ByteRange(0, 0)));
        assertThat(ByteRange.parse("bytes=2-", 10)).isEqualTo(new ByteRange.Part(new ByteRange(2, 9)));
        assertThat(ByteRange.parse("bytes=-3", 10)).isEqualTo(new ByteRange.Part(new ByteRange(7, 9)));
        assertThat(ByteRange.parse("bytes=-30", 10)).isEqualTo(new ByteRange.Part(new ByteRange(0, 9)));
        assertThat(ByteRange.parse("bytes=5-500", 10)).isEqualTo(new ByteRange.Part(new ByteRange(5, 9)));
    }

    @Test
    void numbersBeyondTheFileAreCappedAsRfc9110Says() {
        Object whole = new ByteRange.Part(new ByteRange(0, 9));
        assertThat(ByteRange.parse("bytes=0-9223372036854775807", 10)).isEqualTo(whole);
        assertThat(ByteRange.parse("bytes=0-99999999999999999999999999", 10)).isEqualTo(whole);
        assertThat(ByteRange.parse("bytes=-99999999999999999999", 10)).isEqualTo(whole);
        assertThat(ByteRange.parse("bytes=-9223372036854775807", 10)).isEqualTo(whole);
        assertThat(ByteRange.parse("bytes=3-9223372036854775808", 10))
                .isEqualTo(new ByteRange.Part(new ByteRange(3, 9)));
    }

    @Test
    void leadingZerosAreDigits() {
        assertThat(ByteRange.parse("bytes=0002-0004", 10)).isEqualTo(new ByteRange.Part(new ByteRange(2, 4)));
        assertThat(ByteRange.parse("bytes=-0003", 10)).isEqualTo(new ByteRange.Part(new ByteRange(7, 9)));
        assertThat(ByteRange.parse("bytes=0000000000000000000000005-", 10))
                .isEqualTo(new ByteRange.Part(new ByteRange(5, 9)));
        assertThat(ByteRange.parse("bytes=-0000", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void unsatisfiable() {
        assertThat(ByteRange.parse("bytes=10-", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-0", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=99999999999999999999-", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=9223372036854775807-9223372036854775807", 10))
                .isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void ignoredHeadersMeanTheWholeFile() {
        assertThat(ByteRange.parse(null, 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("items=0-1", 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("bytes=0-1,4-5", 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("bytes=5-2", 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("bytes=-", 10)).isInstanceOf(ByteRange.Whole.class);
    }
}
