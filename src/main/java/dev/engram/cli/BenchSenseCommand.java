package dev.engram.cli;

import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.observe.sense.SenseBench;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "sense", description = "Measure the sense pipeline: OCR frames/s on a screen recording made with"
        + " ffmpeg (every frame changed), and the transcription overhead over the provider's own time against a"
        + " local server speaking the OpenAI transcription API.")
final class BenchSenseCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--seconds", defaultValue = "60", description = "Screen recording length, one frame"
            + " per second (default: ${DEFAULT-VALUE}).")
    int seconds;

    @CommandLine.Option(names = "--width", defaultValue = "1280", description = "Frame width (default:"
            + " ${DEFAULT-VALUE}; height 9/16 of it).")
    int width;

    @CommandLine.Option(names = "--files", defaultValue = "40", description = "Audio files (default:"
            + " ${DEFAULT-VALUE}).")
    int files;

    @CommandLine.Option(names = "--bytes", defaultValue = "204800", description = "Bytes per audio file (default:"
            + " ${DEFAULT-VALUE}).")
    int bytes;

    @CommandLine.Option(names = "--provider-ms", defaultValue = "200", description = "The emulated provider's time"
            + " per file (default: ${DEFAULT-VALUE}).")
    int providerMs;

    @CommandLine.Option(names = "--concurrency", defaultValue = "2", description = "Transcriptions at once (default:"
            + " ${DEFAULT-VALUE}).")
    int concurrency;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SenseBench.Options o;
        try {
            o = new SenseBench.Options(seconds, width, files, bytes, providerMs, concurrency);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        SenseBench.Result r = SenseBench.run(o, OutboundHttp::new);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "sense bench: OCR of a %d-frame %dx%d recording (every frame changed)%n", seconds,
                width, (width * 9 / 16) & ~1);
        out.printf(Locale.ROOT, "  ocr           %d frames in %.2f s = %.2f frames/s (tesseract %.0f ms/frame)%n",
                r.frames(), r.ocrSeconds(), r.framesPerSecond(), r.ocrMsPerFrame());
        out.printf(Locale.ROOT, "sense bench: %d audio files of %d bytes, provider %d ms each, %d at once%n", files,
                bytes, providerMs, concurrency);
        out.printf(Locale.ROOT, "  transcribe    %d files in %.2f s = %.1f files/s%n", r.files(), r.wallSeconds(),
                r.filesPerSecond());
        out.printf(Locale.ROOT, "  per file      pipeline %.1f ms, HTTP %.1f ms, provider %.1f ms%n", r.pipelineMs(),
                r.httpMs(), r.providerMs());
        out.printf(Locale.ROOT, "  overhead      %.1f ms mean (%.1f%% of the provider's time), p99 %.1f ms%n",
                r.overheadMs(), 100 * r.overheadMs() / Math.max(1e-9, r.providerMs()), r.overheadP99Ms());
        return 0;
    }
}
