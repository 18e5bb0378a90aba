/**
 * The sense pipeline: turns a segment's captured media into text extracts. {@link dev.engram.observe.sense.Sense}
 * (the {@code sense} service, fed by {@link dev.engram.observe.sense.SenseApp} with the bus's
 * {@code observe.observing}) sends each file to its handler: audio to the
 * {@link dev.engram.observe.sense.OpenAiTranscriber} (an OpenAI-compatible {@code /audio/transcriptions} endpoint,
 * through cortex's {@code Outbound}), video to the {@link dev.engram.observe.sense.OcrFrameReader} (ffmpeg frames,
 * an RMS change measure, tesseract OCR), JSONL to a format check; extracts are written as {@code <stem>.jsonl} in the
 * reference formats ({@code Outputs}), only where no other file is: {@code Extracts} tells by an existing
 * {@code <stem>.jsonl}'s header whether it is the media file's extract (or an import's transcript) before anything is
 * started. {@code Observing} is the bus message as sense reads it; {@code Admission}
 * starts a segment or defers it, {@code Handlers} runs its files on their pools and completes it; each segment in
 * progress is a {@code SegmentRun}; segments that do not fit the queues wait, in order, in {@code Deferrals} (the
 * deferral log {@code health/sense-deferred.jsonl}, kept across a kill, bounded memory) and are drained as the queues
 * get room; {@code SenseReport} keeps the counters, sends the bus messages (honouring each emit's answer) and builds
 * the service's health. {@code Repair} is the day's {@code MediaRepair} (media without an extract, as a batch).
 * {@code SenseSettings} reads {@code sense} from {@code config/journal.json}.
 * {@link dev.engram.observe.sense.SenseBench} measures OCR frames/s and the transcription overhead.
 *
 * <p><b>Threads:</b> nothing here runs on the bus or an event lane: OCR runs one frame at a time on
 * {@code sense-describe}, transcription on a configured few {@code sense-transcribe-N}, checks and completions on
 * {@code sense-check}, each with a bounded queue; child processes have deadlines and are killed when they pass.
 * These threads run at {@link java.lang.Thread#MIN_PRIORITY}, like the index's, which {@code bin/engram}'s JVM flags
 * make nice 19 on Linux; the ffmpeg and tesseract they start inherit that nice. Sense is derived work: during a burst
 * of uploads the request threads (nice 0) keep the cores and sense takes whatever is idle, catching up right after
 * (nothing in the request path waits for it: ingest only announces {@code observe.observing}; {@code engram bench
 * ingest} prints when sense caught up). A lowest-priority thread still runs whenever a core is free, so it is slowed
 * by load, never starved by an idle machine; a segment that does not fit the queues meanwhile is deferred, not
 * failed, and drained in order (counted: {@code deferred}, {@code drained} in health). While a burst of segments is
 * still arriving (8 within 250 ms), sense holds them all back the same way, as the index does
 * ({@link dev.engram.app.BurstHold}), and drains them once it has been quiet for 250 ms, at most 10 s later
 * ({@code held}, {@code holding_burst} in health). {@code Sense.stop} interrupts these threads and returns once
 * every one of them has ended (at most 10 s, else a warning), so no event of a stopped service comes after it.
 *
 * <p><b>Failures:</b> a file that fails, times out or has no provider configured is an error of its
 * segment: {@code observe.observed} still goes out, with {@code errors}, plus one {@code health.notice} and a log
 * warning; the service's health shows it for 10 minutes. {@code engram sense --day D [--segment S] [--redo]} processes
 * it again; the notice says so, or, for a failure a retry alone cannot fix, what the owner must do ({@code Remedy}).
 * Keys never appear in logs, errors or events.
 */
package dev.engram.observe.sense;
