package dev.engram.observe.imports;

import dev.engram.observe.api.ImportException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF documents ({@code .pdf}): their text (PDFBox), at most {@link #MAX_PAGES} pages and {@link #MAX_CHARS}
 * characters, split by {@link TranscriptText} (a PDF of a timed transcript keeps its times).
 */
final class PdfStep implements ImportStep {
    static final int MAX_PAGES = 2_000;
    static final int MAX_CHARS = 4 * 1024 * 1024;

    @Override
    public Set<String> extensions() {
        return Set.of("pdf");
    }

    @Override
    public String kind() {
        return "document";
    }

    @Override
    public ImportedContent read(Path original, ImportContext context) throws IOException {
        List<String> notes = new ArrayList<>();
        String text;
        try (PDDocument doc = Loader.loadPDF(new RandomAccessReadBufferedFile(original.toFile()))) {
            PDFTextStripper stripper = new PDFTextStripper();
            int pages = doc.getNumberOfPages();
            if (pages > MAX_PAGES) {
                stripper.setEndPage(MAX_PAGES);
                notes.add("only the first " + MAX_PAGES + " pages were imported (of " + pages + ")");
            }
            text = stripper.getText(doc);
        } catch (InvalidPasswordException e) {
            throw new ImportException("invalid_content", "the PDF is encrypted; save an unprotected copy first");
        } catch (IOException e) {
            throw new ImportException("invalid_content", "cannot read the file as a PDF (damaged, or another kind of"
                    + " file named .pdf?): " + e.getMessage());
        }
        if (text.length() > MAX_CHARS) {
            notes.add("only the first " + MAX_CHARS + " characters were imported (of " + text.length() + ")");
            text = text.substring(0, MAX_CHARS);
        }
        List<ImportedSegment> segments = TranscriptText.segments(text, context.start(), notes);
        if (segments.isEmpty()) {
            throw new ImportException("empty_content", "the PDF has no text to import (a scan without a text layer?)");
        }
        return new ImportedContent(segments, Map.of(), notes);
    }
}
