import Foundation
import ReconCore
import ReconCrypto
import ReconStore

/// Builds and writes the reports of one run to `<reports.path>/<job>/<D>/`
/// (SPEC §6). Files are written into a fresh folder and swapped in with a
/// rename, so a crash mid-write never leaves a half-written report set.
struct RunReportWriter {
    let job: JobFile
    let keyring: Keyring
    let connection: PostgresConnection
    let runDate: CivilDate
    /// From ``manifestInBackground(job:keyring:)``.
    let manifest: BackgroundResult<RunManifest>

    var folder: String {
        ((job.reportsPath as NSString).appendingPathComponent(job.name) as NSString)
            .appendingPathComponent(runDate.description)
    }

    func write(ingest: IngestReport, statements: StatementImportReport, night: NightlyReconciliation.Outcome) throws
        -> String
    {
        let mismatches = night.result.mismatches
        let summary = try buildSummary(ingest: ingest, statements: statements, night: night)
        let files = RunReports.render(
            summary: summary, mismatches: mismatches, rejected: try rejectedRows(batchIDs: ingest.rejectedBatchIDs))
        try ReportFolder.replace(folder, with: files.map { ($0.name, $0.contents) })
        return folder
    }

    func summaryText(ingest: IngestReport, statements: StatementImportReport, night: NightlyReconciliation.Outcome)
        -> String
    {
        let counts = night.result.counts
        let totals = ingest.totals
        var byKind: [MismatchKind: Int] = [:]
        for mismatch in night.result.mismatches { byKind[mismatch.kind, default: 0] += 1 }
        var lines = [
            "run date \(runDate) for job \(job.name)",
            "  transactions: read \(totals.read), settled \(totals.settled), duplicate \(totals.duplicates), rejected \(totals.rejected); \(ingest.failedCount) files failed",
            "  bank files:   \(statements.files.count) seen, \(statements.files.reduce(0) { $0 + $1.linesNew }) new lines, \(statements.errorCount) refused",
            "  groups:       matched \(counts.groupsMatched), pending \(counts.groupsPending), mismatched \(counts.groupsMismatched)",
            "  bank lines:   matched \(counts.bankLinesMatched), pending \(counts.bankLinesPending), mismatched \(counts.bankLinesMismatched)",
            "  mismatches:   \(night.result.mismatches.count)"
                + (byKind.isEmpty ? "" : " (" + byKind.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + ")"),
        ]
        for file in statements.files { lines += file.errors.map { "  REFUSED bank file \(file.name): \($0)" } }
        lines.append("reports: \(folder)")
        return lines.joined(separator: "\n")
    }

    private func buildSummary(
        ingest: IngestReport, statements: StatementImportReport, night: NightlyReconciliation.Outcome
    ) throws -> RunSummary {
        let result = night.result
        var counts = RunCounts()
        for file in ingest.files {
            switch file.outcome {
            case .settled: counts.batches.settled += 1
            case .failed, .refused: counts.batches.failed += 1
            case .duplicateFile: counts.batches.duplicate += 1
            case .claimedElsewhere, .dryRun: break
            }
        }
        let totals = ingest.totals
        counts.records = .init(
            read: Int(totals.read), settled: Int(totals.settled), duplicate: Int(totals.duplicates),
            rejectedByReason: Dictionary(
                uniqueKeysWithValues: totals.rejectedByReason.compactMap { key, value in
                    ReasonCode(rawValue: key).map { ($0, Int(value)) }
                }))
        counts.groups = .init(
            matched: result.counts.groupsMatched, pending: result.counts.groupsPending,
            mismatched: result.counts.groupsMismatched)
        counts.bankLines = .init(
            matched: result.counts.bankLinesMatched, pending: result.counts.bankLinesPending,
            mismatched: result.counts.bankLinesMismatched)

        let current = Set(result.mismatches.map(\.identity))
        let newOnes = result.mismatches.filter { !night.previousIdentities.contains($0.identity) }.map(MismatchReference.init)
        let resolved = night.previousIdentities.subtracting(current).sorted().compactMap(MismatchIdentity.reference)

        return RunSummary(
            jobName: job.name, runDate: runDate, generatedAt: Date(), counts: counts,
            totals: try currencyTotals(ingest: ingest, night: night), daily: night.amounts.daily,
            newSincePrevious: newOnes, resolvedSincePrevious: resolved, manifest: try manifest.value())
    }

    /// Per currency: net settled by this run, and tonight's matched and open group amounts.
    private func currencyTotals(ingest: IngestReport, night: NightlyReconciliation.Outcome) throws -> [CurrencyTotals] {
        var byCode: [String: CurrencyTotals] = [:]
        func entry(_ currency: Currency) -> CurrencyTotals { byCode[currency.code] ?? CurrencyTotals(currency: currency) }
        // Summed when the batches settled: reading their rows back would
        // scan every partition (no index on batch_id).
        for (code, net) in ingest.totals.settledNetByCurrency {
            guard let currency = Currency(code: code) else { continue }
            var totals = entry(currency)
            totals.settledNet += net
            byCode[currency.code] = totals
        }
        for (code, amounts) in night.amounts.byCurrency {
            guard let currency = Currency(code: code) else { continue }
            var totals = entry(currency)
            totals.matchedAmount += amounts.matched
            totals.openAmount += amounts.open
            byCode[code] = totals
        }
        return byCode.values.sorted { $0.currency.code < $1.currency.code }
    }

    /// The digests of the job file, the keyring and every input file, worked
    /// out on another thread from the start of the night's work (a quarter
    /// of a gigabyte on a big night): the run read those bytes.
    static func manifestInBackground(job: JobFile, keyring: Keyring) -> BackgroundResult<RunManifest> {
        BackgroundResult {
            func digest(_ path: String) -> RunManifest.FileDigest {
                RunManifest.FileDigest(
                    name: (path as NSString).lastPathComponent,
                    sha256: (try? FileDigest.sha256(path: path)).map { Hex.encode($0) } ?? "unreadable")
            }
            func inboxDigests(_ inbox: JobFile.Inbox?) throws -> [RunManifest.FileDigest] {
                guard let inbox else { return [] }
                return try InboxScanner(folder: inbox.path, pattern: inbox.pattern).scan().files.map { digest($0.path) }
            }
            return RunManifest(
                reconVersion: ReconVersion.current, jobFile: digest(job.file), keyring: digest(keyring.file),
                transactionFiles: try inboxDigests(job.transactions),
                bankStatementFiles: try inboxDigests(job.bankStatements))
        }
    }

    private func rejectedRows(batchIDs: [Int64]) throws -> [RejectedRecordRow] {
        guard !batchIDs.isEmpty else { return [] }
        var rows: [RejectedRecordRow] = []
        let result = try connection.execute(
            """
            select b.file_name, r.line, r.txn_id, r.reason, r.detail from rejected_records r join batches b on b.id = r.batch_id
            where r.batch_id = any($1::bigint[]) order by b.file_name, r.line
            """, [.text("{" + batchIDs.map(String.init).joined(separator: ",") + "}")])
        for row in 0..<result.rowCount {
            guard let reason = ReasonCode(rawValue: result.string(row: row, column: 3)!) else { continue }
            rows.append(
                RejectedRecordRow(
                    sourceFile: result.string(row: row, column: 0)!, line: Int(result.int32(row: row, column: 1) ?? 0),
                    txnID: result.string(row: row, column: 2), reason: reason, detail: result.string(row: row, column: 4)!))
        }
        return rows
    }
}

/// Turns a stored `Mismatch.identity` back into the reference shown for
/// mismatches resolved since the previous run.
enum MismatchIdentity {
    static func reference(_ identity: String) -> MismatchReference? {
        let parts = identity.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 6, let kind = MismatchKind(rawValue: parts[0]) else { return nil }
        func value(_ index: Int) -> String? { parts[index].isEmpty ? nil : parts[index] }
        return MismatchReference(
            kind: kind, merchantID: value(1), settlementRef: value(2), currency: value(3), bankAccount: value(4),
            bankTxnID: value(5))
    }
}

/// Replaces a report folder atomically: write a sibling, rename over.
enum ReportFolder {
    static func replace(_ folder: String, with files: [(name: String, contents: String)]) throws {
        let manager = FileManager.default
        let parent = (folder as NSString).deletingLastPathComponent
        do {
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
            let staging = folder + ".writing-\(getpid())"
            try? manager.removeItem(atPath: staging)
            // 0750/0640: reports carry merchants and amounts (README, "Decisions").
            try manager.createDirectory(
                atPath: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o750])
            for file in files {
                let path = (staging as NSString).appendingPathComponent(file.name)
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path))
                try manager.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
            }
            let old = folder + ".old-\(getpid())"
            if manager.fileExists(atPath: folder) { try manager.moveItem(atPath: folder, toPath: old) }
            try manager.moveItem(atPath: staging, toPath: folder)
            try? manager.removeItem(atPath: old)
        } catch {
            throw ReportWriteError(folder: folder, reason: "\(error.localizedDescription)")
        }
    }
}

/// The reports folder could not be written (read-only, full disk…).
public struct ReportWriteError: Error, CustomStringConvertible, Sendable {
    public let folder: String
    public let reason: String
    public var description: String {
        "cannot write the reports to \(folder): \(reason); the database is up to date, so fix the folder and run the same date again"
    }
}
