import ReconCore
import ReconEngine

/// The short human summary an ingest prints on stdout.
enum IngestSummaryText {
    static func render(_ report: IngestReport, dryRun: Bool) -> String {
        var lines: [String] = []
        for file in report.files {
            let batch = file.batchID.map { " (batch \($0))" } ?? ""
            switch file.outcome {
            case .settled(let counts):
                lines.append("settled    \(file.name)\(batch): \(describe(counts))")
            case .dryRun(let counts):
                lines.append("dry run    \(file.name): \(describe(counts, verb: "would settle"))")
            case .duplicateFile(let id):
                lines.append("duplicate  \(file.name): same bytes already settled as batch \(id); skipped")
            case .claimedElsewhere:
                lines.append("busy       \(file.name)\(batch): another worker is settling it")
            case .failed(let message):
                lines.append("FAILED     \(file.name)\(batch): \(message)")
            case .refused(let reason):
                lines.append("REFUSED    \(file.name): \(reason)")
            }
        }
        let totals = report.totals
        lines.append(
            "total: \(report.files.count) files, \(report.failedCount) failed; \(describe(totals, verb: dryRun ? "would settle" : "settled"))")
        return lines.joined(separator: "\n")
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
