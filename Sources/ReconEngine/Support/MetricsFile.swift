import Foundation
import ReconCore

/// A Prometheus textfile-collector file (node_exporter `--collector.textfile`)
/// written after each run: records by outcome, batches by status, mismatches
/// by kind, duration and the time of the last successful run. Written to a
/// temporary file and renamed, so the collector never reads half a file.
public enum MetricsFile {
    public static func render(job: String, outcome: JobRunner.Outcome, durationSeconds: Double, finishedAt: Date)
        -> String
    {
        var lines: [String] = []
        let label = "job=\"\(escape(job))\""
        func metric(_ name: String, _ help: String, _ type: String, _ samples: [(String, String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples { lines.append("\(name){\(label)\(labels.isEmpty ? "" : ",")\(labels)} \(value)") }
        }
        let totals = outcome.ingest.totals
        var records: [(String, String)] = [
            ("outcome=\"settled\"", "\(totals.settled)"), ("outcome=\"duplicate\"", "\(totals.duplicates)"),
        ]
        for reason in ReasonCode.allCases {
            records.append(("outcome=\"rejected\",reason=\"\(reason.rawValue)\"", "\(totals.rejectedByReason[reason.rawValue] ?? 0)"))
        }
        metric("recon_records", "Records of the last run by outcome.", "gauge", records)
        var batches: [String: Int] = ["settled": 0, "failed": 0, "duplicate": 0]
        for file in outcome.ingest.files {
            switch file.outcome {
            case .settled: batches["settled", default: 0] += 1
            case .failed, .refused: batches["failed", default: 0] += 1
            case .duplicateFile: batches["duplicate", default: 0] += 1
            default: break
            }
        }
        metric("recon_batches", "Batches of the last run by status.", "gauge",
            batches.sorted { $0.key < $1.key }.map { ("status=\"\($0.key)\"", "\($0.value)") })
        metric("recon_mismatches", "Mismatches reported by the last run, by kind.", "gauge",
            MismatchKind.allCases.map { ("kind=\"\($0.rawValue)\"", "\(outcome.mismatchesByKind[$0] ?? 0)") })
        metric("recon_run_duration_seconds", "Wall time of the last run.", "gauge", [("", String(format: "%.3f", durationSeconds))])
        metric("recon_last_run_timestamp_seconds", "When the last run finished (Unix time).", "gauge",
            [("", String(format: "%.0f", finishedAt.timeIntervalSince1970))])
        if !outcome.hasProblems {
            metric("recon_last_success_timestamp_seconds", "When the last run with nothing to look at finished (Unix time).",
                "gauge", [("", String(format: "%.0f", finishedAt.timeIntervalSince1970))])
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Readable by everyone (0644): node_exporter often runs as another user,
    /// and the file holds counts, no merchant data.
    public static func write(_ text: String, to path: String) throws(OutputWriteError) {
        try OutputFile.write(Data(text.utf8), to: path, what: "the metrics file", mode: 0o644)
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
