/// The files `recon run` writes to `<reports.path>/<job>/<D>/` (SPEC §6),
/// rendered together so the engine has one call and the file names live in
/// one place. Writing them (atomically, next to each other) is the caller's.
public enum RunReports {
    public struct File: Sendable, Equatable {
        public var name: String
        public var contents: String

        public var bytes: [UInt8] { Array(contents.utf8) }
    }

    public static let mismatchesCSVName = "mismatches.csv"
    public static let mismatchesJSONName = "mismatches.json"
    public static let rejectedCSVName = "rejected.csv"
    public static let summaryJSONName = "summary.json"
    public static let reportHTMLName = "report.html"

    /// All five files, in a fixed order; `summary.json` and `report.html`
    /// last, so a reader who sees them knows the rest are written.
    public static func render(
        summary: RunSummary, mismatches: [Mismatch], rejected: [RejectedRecordRow], marks: ExceptionMarks = ExceptionMarks()
    ) -> [File] {
        [
            File(name: mismatchesCSVName, contents: MismatchReport.csv(mismatches, marks: marks)),
            File(name: mismatchesJSONName, contents: MismatchReport.json(mismatches, marks: marks)),
            File(name: rejectedCSVName, contents: RejectedReport.csv(rejected)),
            File(name: summaryJSONName, contents: SummaryReport.json(summary, mismatches: mismatches)),
            File(name: reportHTMLName, contents: HTMLReport.render(summary, mismatches: mismatches, marks: marks)),
        ]
    }
}
