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

    /// What the reports say after the exceptions were brought up to date.
    struct Written {
        var folder: String
        /// Tonight's mismatches without the resolved and cleared ones (SPEC §9).
        var listed: [Mismatch]
        var exitStatus: ExitStatus
    }

    /// Brings the exceptions up to date with tonight's mismatches, records
    /// this run among the runs of the date, and writes the reports of the
    /// date: what every run of it ingested, tonight's reconciliation.
    func write(
        ingest: IngestReport, statements: StatementImportReport, night: NightlyReconciliation.Outcome, startedAt: Date
    ) throws -> Written {
        let marks = try ExceptionStore(connection: connection, job: job.name)
            .sync(mismatches: night.result.mismatches, runDate: runDate)
        let listed = marks.listed(night.result.mismatches)
        let exitStatus: ExitStatus =
            ingest.hasProblems || statements.errorCount > 0 || !listed.isEmpty ? .completedWithProblems : .success
        let runs = ReportRuns(connection: connection, job: job.name, runDate: runDate)
        let history = try runs.record(startedAt: startedAt, ingest: ingest, exitCode: Int(exitStatus.rawValue))
        let summary = try buildSummary(history: history, night: night, listed: listed)
        let files = RunReports.render(
            summary: summary, mismatches: listed, rejected: try rejectedRows(batchIDs: history.batchIDs), marks: marks)
        do {
            try ReportFolder.replace(folder, with: files.map { ($0.name, $0.contents) })
        } catch {
            try? runs.setExitCode(ExitStatus.of(error).rawValue, run: history.thisRunID)
            throw error
        }
        return Written(folder: folder, listed: listed, exitStatus: exitStatus)
    }

    func summaryText(
        ingest: IngestReport, statements: StatementImportReport, night: NightlyReconciliation.Outcome, listed: [Mismatch]
    ) -> String {
        let counts = night.result.counts
        let totals = ingest.totals
        var byKind: [MismatchKind: Int] = [:]
        for mismatch in listed { byKind[mismatch.kind, default: 0] += 1 }
        var lines = [
            "run date \(runDate) for job \(job.name)",
            "  transactions: read \(totals.read), settled \(totals.settled), duplicate \(totals.duplicates), rejected \(totals.rejected); \(ingest.failedCount) files failed",
            "  bank files:   \(statements.files.count) seen, \(statements.files.reduce(0) { $0 + $1.linesNew }) new lines, \(statements.errorCount) refused",
            "  groups:       matched \(counts.groupsMatched), pending \(counts.groupsPending), mismatched \(counts.groupsMismatched)",
            "  bank lines:   matched \(counts.bankLinesMatched), pending \(counts.bankLinesPending), mismatched \(counts.bankLinesMismatched)",
            "  mismatches:   \(listed.count)"
                + (byKind.isEmpty ? "" : " (" + byKind.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + ")"),
        ]
        for file in statements.files { lines += file.errors.map { "  REFUSED bank file \(file.name): \($0)" } }
        lines.append("reports: \(folder)")
        return lines.joined(separator: "\n")
    }

    private func buildSummary(
        history: ReportRuns.History, night: NightlyReconciliation.Outcome, listed: [Mismatch]
    ) throws -> RunSummary {
        let result = night.result
        var counts = history.counts
        counts.groups = .init(
            matched: result.counts.groupsMatched, pending: result.counts.groupsPending,
            mismatched: result.counts.groupsMismatched)
        counts.bankLines = .init(
            matched: result.counts.bankLinesMatched, pending: result.counts.bankLinesPending,
            mismatched: result.counts.bankLinesMismatched)

        let current = Set(listed.map(\.identity))
        let newOnes = listed.filter { !night.previousIdentities.contains($0.identity) }.map(MismatchReference.init)
        let resolved = night.previousIdentities.subtracting(current).sorted().compactMap(MismatchIdentity.reference)

        return RunSummary(
            jobName: job.name, runDate: runDate, generatedAt: Date(), counts: counts,
            totals: try currencyTotals(batchIDs: history.batchIDs, night: night), daily: night.amounts.daily,
            newSincePrevious: newOnes, resolvedSincePrevious: resolved, manifest: try manifest.value(),
            runs: history.runs, pending: try PendingItems(connection: connection, job: job).load(result))
    }

    /// Per currency: net settled by the runs of the date, and tonight's matched and open group amounts.
    private func currencyTotals(batchIDs: [Int64], night: NightlyReconciliation.Outcome) throws -> [CurrencyTotals] {
        var byCode: [String: CurrencyTotals] = [:]
        func entry(_ currency: Currency) -> CurrencyTotals { byCode[currency.code] ?? CurrencyTotals(currency: currency) }
        if !batchIDs.isEmpty {
            let rows = try connection.execute(BatchesTable.currencyTotals(ofBatches: batchIDs))
            for row in 0..<rows.rowCount {
                guard let currency = Currency(code: rows.string(row: row, column: 0)!) else { continue }
                var totals = entry(currency)
                totals.settledNet += rows.int64(row: row, column: 1) ?? 0
                byCode[currency.code] = totals
            }
        }
        for (code, amounts) in night.amounts.byCurrency {
            guard let currency = Currency(code: code) else { continue }
            var totals = entry(currency)
            totals.matchedAmount += amounts.matched
            totals.openAmount += amounts.open
            byCode[code] = totals
        }
        for (code, difference) in night.result.toleratedDifferenceByCurrency {
            guard let currency = Currency(code: code) else { continue }
            var totals = entry(currency)
            totals.toleratedDifference += difference
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
        let result = try connection.execute(RejectedRecordsTable.ofBatches(batchIDs))
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

/// Writes the report files of a date into its folder, each replaced
/// atomically (SPEC §6): written beside under a temporary name, flushed to
/// disk, then renamed over the old file. A reader opening a report file gets
/// the old one or the new one whole, never a half-written or missing file;
/// `summary.json` and `report.html` come last, so when they are new the rest
/// are too.
enum ReportFolder {
    static func replace(_ folder: String, with files: [(name: String, contents: String)]) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
            // Left by a run that died mid-write: never read, safe to drop.
            for name in try FileManager.default.contentsOfDirectory(atPath: folder)
            where name.hasPrefix(".") && name.contains(".writing-") {
                try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
            }
            for file in files {
                let target = (folder as NSString).appendingPathComponent(file.name)
                let temporary = (folder as NSString).appendingPathComponent(".\(file.name).writing-\(getpid())")
                try writeFlushed(Data(file.contents.utf8), to: temporary)
                guard rename(temporary, target) == 0 else {
                    let reason = String(cString: strerror(errno))
                    try? FileManager.default.removeItem(atPath: temporary)
                    throw ReportWriteError(folder: folder, reason: "cannot rename \(file.name) into place: \(reason)")
                }
            }
        } catch let error as ReportWriteError {
            throw error
        } catch {
            throw ReportWriteError(folder: folder, reason: "\(error.localizedDescription)")
        }
    }

    private static func writeFlushed(_ data: Data, to path: String) throws {
        // 0640: reports carry merchant and amount data (README, "Decisions").
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640]) else {
            throw ReportWriteError(folder: (path as NSString).deletingLastPathComponent, reason: "cannot create \(path)")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
        try handle.synchronize()
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
