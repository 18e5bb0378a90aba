package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedding model is released when idle (its ONNX session closed) and loads again on the next use. */
class EmbeddingsReleaseTest {
    @Test
    void anIdleModelIsReleasedAndLoadsAgainWithTheSameVectors() {
        Embeddings e = new Embeddings();
        assertThat(e.isLoaded()).as("loaded lazily").isFalse();
        float[] before = e.embed(List.of("The marmot sang at dusk.")).getFirst();
        assertThat(e.isLoaded()).isTrue();
        assertThat(e.releaseIfIdle(Embeddings.IDLE_NANOS)).as("just used: kept").isFalse();
        assertThat(e.releaseIfIdle(0)).isTrue();
        assertThat(e.isLoaded()).isFalse();
        float[] after = e.embed(List.of("The marmot sang at dusk.")).getFirst();
        assertThat(after).hasSize(Embeddings.DIMENSION).containsExactly(before);
        assertThat(e.loads()).isEqualTo(2);
        double norm = 0;
        for (float f : after) {
            norm += f * f;
        }
        assertThat(norm).as("normalized, as LangChain4j's model gives").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        e.releaseIfIdle(0);
    }
}
