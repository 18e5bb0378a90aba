package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The shipped {@code logback.xml} (tests run with logback-test.xml), read into a context of its own. */
class LoggingConfigTest {
    @Test
    void djlsCudaProbeIsQuietWhileRealWarningsShow() throws JoranException {
        URL shipped = getClass().getClassLoader().getResource("logback.xml");
        assertThat(shipped).isNotNull();
        LoggerContext ctx = new LoggerContext();
        try {
            JoranConfigurator config = new JoranConfigurator();
            config.setContext(ctx);
            config.doConfigure(shipped);
            // the logger DJL's "Failed to detect GPU count" warnings come from, on every engram search without CUDA
            assertThat(ctx.getLogger(ai.djl.util.cuda.CudaUtils.class).isWarnEnabled()).isFalse();
            assertThat(ctx.getLogger(ai.djl.util.cuda.CudaUtils.class).isErrorEnabled()).isTrue();
            // an embedding failure is the index's own warning; DJL's other warnings stay too
            assertThat(ctx.getLogger("dev.engram.index.Embeddings").isWarnEnabled()).isTrue();
            assertThat(ctx.getLogger("ai.djl.huggingface.tokenizers.HuggingFaceTokenizer").isWarnEnabled()).isTrue();
        } finally {
            ctx.stop();
        }
    }
}
