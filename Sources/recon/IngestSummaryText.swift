import ReconCore
import ReconEngine

/// The short human summary an ingest prints on stdout: one line per file,
/// then one total line (left out by `recon run`, whose night summary carries
/// the same counts). A file whose bytes were settled before is "already
/// settled", never "duplicate": that word is for records, and a rerun of
/// four settled files once read "duplicate" four times, then "duplicate 0".
enum IngestSummaryText {
    static func render(_ report: IngestReport, dryRun: Bool, total: Bool = true) -> String {
        var lines: [String] = []
        for file in report.files {
            let batch = file.batchID.map { " (batch \($0))" } ?? ""
            switch file.outcome {
            case .settled(let counts):
                lines.append("settled    \(file.name)\(batch): \(describe(counts))")
            case .dryRun(let counts):
                lines.append("would      \(file.name): \(describe(counts, verb: "would settle"))")
            case .duplicateFile(let id):
                lines.append("skipped    \(file.name): already settled as batch \(id) (same bytes)")
            case .claimedElsewhere:
                lines.append("busy       \(file.name)\(batch): another worker is settling it")
            case .failed(let message):
                lines.append("FAILED     \(file.name)\(batch): \(message)")
            case .refused(let reason):
                lines.append("REFUSED    \(file.name): \(reason)")
            }
        }
        if total { lines.append(totalLine(report, dryRun: dryRun)) }
        if dryRun { lines.append("dry run: nothing was written") }
        return lines.joined(separator: "\n")
    }

    static func totalLine(_ report: IngestReport, dryRun: Bool) -> String {
        var files: [String: Int] = [:]
        for file in report.files {
            let kind: String
            switch file.outcome {
            case .settled: kind = "settled"
            case .dryRun: kind = "to settle"
            case .duplicateFile: kind = "already settled"
            case .claimedElsewhere: kind = "busy"
            case .failed, .refused: kind = "failed"
            }
            files[kind, default: 0] += 1
        }
        let order = ["settled", "to settle", "already settled", "busy", "failed"]
        let parts = order.compactMap { kind in files[kind].map { "\($0) \(kind)" } }
        let fileText = "\(report.files.count) files" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
        return "total: \(fileText); records \(describe(report.totals, verb: dryRun ? "would settle" : "settled"))"
    }

    private static func describe(_ counts: BatchCounts, verb: String = "settled") -> String {
        var text = "read \(counts.read), \(verb) \(counts.settled), duplicate \(counts.duplicates), rejected \(counts.rejected)"
        if !counts.rejectedByReason.isEmpty {
            let reasons = counts.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            text += " (\(reasons.joined(separator: ", ")))"
        }
        return text
    }
}

/// `recon batches` as an aligned text table.
enum BatchTable {
    static func render(_ rows: [BatchListing.Row]) -> String {
        let header = ["id", "status", "attempts", "read", "settled", "dup", "rejected", "finished", "file", "error"]
        let body = rows.map(cells)
        let all = [header] + body
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { cells in
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    private static func cells(_ row: BatchListing.Row) -> [String] {
        func count(_ value: Int64?) -> String { value.map { String($0) } ?? "-" }
        let counts = [count(row.read), count(row.settled), count(row.duplicates), count(row.rejected)]
        return ["\(row.id)", row.status, "\(row.attempts)"] + counts + [row.finishedAt ?? "-", row.file, row.error ?? ""]
    }
}
