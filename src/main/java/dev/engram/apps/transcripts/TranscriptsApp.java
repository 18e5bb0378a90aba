package dev.engram.apps.transcripts;

import dev.engram.convey.JsonIo;
import dev.engram.convey.Params;
import dev.engram.convey.ApiError;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;

/**
 * The Transcripts app: {@code GET /app/transcripts/api/day/{day}}, {@code .../api/segment/{day}/{segment}},
 * {@code .../api/stats/{YYYYMM}} and the media files {@code .../media/{day}/{segment}/{file}}.
 */
public final class TranscriptsApp implements ConveyApp {
    @Override
    public String name() {
        return "transcripts";
    }

    @Override
    public AppInfo info() {
        // segments belong to no facet: the facet bar would filter nothing
        return AppInfo.of("📜", "Transcripts").withDateNav(false).withFacets(AppInfo.FacetBar.HIDDEN);
    }

    @Override
    public void routes(AppRoutes routes) {
        Journal journal = routes.context().journal();
        routes.get("/api/day/{day}", ctx -> JsonIo.send(ctx,
                new DayTimeline(journal).day(Params.day(ctx.pathParam("day")))));
        routes.get("/api/stats/{month}", ctx -> JsonIo.send(ctx,
                new DayTimeline(journal).month(Params.month(ctx.pathParam("month")))));
        routes.get("/api/segment/{day}/{segment}", ctx -> {
            Segment s = segment(journal, ctx.pathParam("day"), ctx.pathParam("segment"));
            JsonIo.send(ctx, new SegmentView(journal).build(s));
        });
        routes.get("/media/{day}/{segment}/{file}", ctx -> {
            Segment s = segment(journal, ctx.pathParam("day"), ctx.pathParam("segment"));
            String file = Params.fileName(ctx.pathParam("file"));
            MediaFiles.serve(ctx, journal.days().files(s).file(file));
        });
    }

    private static Segment segment(Journal journal, String dayText, String segmentText) {
        Day day = Params.day(dayText);
        SegmentKey key = Params.segment(segmentText);
        return journal.days().segment(day, key).orElseThrow(() -> ApiError.notFound("unknown_segment",
                "there is no segment " + key.key() + " on " + day.key()));
    }
}
