/// `report.html` (SPEC §6): one self-contained page a finance person reads
/// at a glance. Inline CSS and SVG only; nothing is fetched (no fonts, no
/// images, no external URLs). A small inline script makes tables sortable;
/// without it the page reads the same, grouped by mismatch kind.
public enum HTMLReport {
    public static func render(_ summary: RunSummary, mismatches: [Mismatch], marks: ExceptionMarks = ExceptionMarks()) -> String {
        let title = "Reconciliation \(summary.jobName) \(summary.runDate)"
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>\(HTMLText.escape(title))</title>\n<style>\n\(HTMLReport.styleSheet)</style>\n</head>\n<body>\n"
        page += header(summary)
        page += headline(summary, mismatches: mismatches)
        page += countsSection(summary.counts)
        page += totalsSection(summary)
        page += exceptionsSection(mismatches, marks: marks, runDate: summary.runDate)
        page += openTotalsSection(mismatches, pending: summary.pending)
        page += pendingSection(summary.pending, runDate: summary.runDate)
        page += chartSection(summary)
        page += mismatchSection(mismatches, runDate: summary.runDate, marks: marks)
        page += changesSection(summary)
        page += rejectedSection(summary.counts.records)
        page += manifestSection(summary)
        page += "<script>\n\(HTMLReport.sortScript)</script>\n</body>\n</html>\n"
        return page
    }

    static func header(_ summary: RunSummary) -> String {
        "<header><h1>Reconciliation report <span class=\"job\">\(HTMLText.escape(summary.jobName))</span></h1>\n"
            + "<p class=\"meta\">Run date <strong>\(summary.runDate)</strong> · generated "
            + "\(UTCTimestamp.format(summary.generatedAt)) · recon \(HTMLText.escape(summary.manifest.reconVersion))"
            + "</p></header>\n"
    }

    /// The one line that says whether anyone needs to act, coloured so it is
    /// seen before anything is read: green all clear, red otherwise.
    static func headline(_ summary: RunSummary, mismatches: [Mismatch]) -> String {
        let counts = summary.counts
        var problems: [String] = []
        // Each problem links to its section: the charts sit between the
        // headline and the mismatch tables, and the reader came for the tables.
        func link(_ anchor: String, _ text: String) -> String { "<a href=\"#\(anchor)\">\(text)</a>" }
        if !mismatches.isEmpty { problems.append(link("mismatches", plural(mismatches.count, "mismatch", "mismatches"))) }
        if counts.records.rejected > 0 {
            problems.append(link("rejected", plural(counts.records.rejected, "rejected record", "rejected records")))
        }
        if counts.batches.failed > 0 {
            problems.append(link("counts", plural(counts.batches.failed, "failed batch", "failed batches")))
        }
        let pending = counts.groups.pending == 0 && counts.bankLines.pending == 0
            ? "Nothing pending."
            : "\(plural(counts.groups.pending, "settlement group", "settlement groups")) and "
                + "\(plural(counts.bankLines.pending, "bank line", "bank lines")) pending inside the matching window."
        guard !problems.isEmpty else {
            return "<section class=\"status ok\" role=\"status\"><p class=\"headline\">✔ All clear</p>"
                + "<p>Everything due has matched. No rejected records, no failed batches. \(pending)</p></section>\n"
        }
        return "<section class=\"status alert\" role=\"status\"><p class=\"headline\">⚠ Needs attention: "
            + problems.joined(separator: " · ") + "</p><p>\(pending)</p></section>\n"
    }

    static func plural(_ count: Int, _ singular: String, _ pluralForm: String) -> String {
        "\(count) \(count == 1 ? singular : pluralForm)"
    }
}
