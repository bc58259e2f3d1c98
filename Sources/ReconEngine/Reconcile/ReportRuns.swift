import Foundation
import ReconCore
import ReconStore

/// The runs of one report date (`recon_report_runs`, SPEC §6 reruns): each
/// run records what it ingested itself, and the reports of the date are
/// built from all of them, so a rerun never empties `rejected.csv` or lowers
/// the counts of what an earlier run of the date ingested.
struct ReportRuns {
    let connection: PostgresConnection
    let job: String
    let runDate: CivilDate

    /// What one run ingested, as stored (`ingested` jsonb).
    struct Ingested: Codable {
        var batchesSettled = 0
        var batchesFailed = 0
        var batchesDuplicate = 0
        var recordsRead = 0
        var recordsSettled = 0
        var recordsDuplicate = 0
        var rejectedByReason: [String: Int] = [:]
        var files: [String] = []

        /// A file an earlier run of the date settled is skipped again by a
        /// rerun: not news, so not counted twice (`alreadyReported`).
        init(_ ingest: IngestReport, alreadyReported: Set<Int64>) {
            for file in ingest.files {
                switch file.outcome {
                case .settled: batchesSettled += 1
                case .failed, .refused: batchesFailed += 1
                case .duplicateFile(let batchID):
                    if alreadyReported.contains(batchID) { continue }
                    batchesDuplicate += 1
                case .claimedElsewhere, .dryRun: continue
                }
                files.append(file.name)
            }
            let totals = ingest.totals
            recordsRead = Int(totals.read)
            recordsSettled = Int(totals.settled)
            recordsDuplicate = Int(totals.duplicates)
            rejectedByReason = totals.rejectedByReason.mapValues { Int($0) }
        }

        var batches: RunCounts.Batches {
            .init(settled: batchesSettled, failed: batchesFailed, duplicate: batchesDuplicate)
        }

        var records: RunCounts.Records {
            .init(
                read: recordsRead, settled: recordsSettled, duplicate: recordsDuplicate,
                rejectedByReason: Dictionary(
                    uniqueKeysWithValues: rejectedByReason.compactMap { key, value in
                        ReasonCode(rawValue: key).map { ($0, value) }
                    }))
        }
    }

    /// Every run of the date, this one last, and what they ingested together.
    struct History {
        var thisRunID: Int64
        var runs: [RunSummary.Run]
        /// The batches every run of the date settled: their rejects and nets are the date's.
        var batchIDs: [Int64]
        var counts: RunCounts

        mutating func add(_ ingested: Ingested, startedAt: Date, exitCode: Int) {
            runs.append(
                RunSummary.Run(
                    startedAt: startedAt, batches: ingested.batches, records: ingested.records, files: ingested.files,
                    exitCode: exitCode))
            counts.addIngested(ingested.batches, ingested.records)
        }
    }

    /// Reads the earlier runs of the date and records this one (committed at
    /// once: its batches are committed already, so even if writing the files
    /// fails, the next run of the date reports them). The job lock keeps two
    /// runs of one job from doing this at the same time.
    func record(startedAt: Date, ingest: IngestReport, exitCode: Int) throws -> History {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var history = History(thisRunID: 0, runs: [], batchIDs: [], counts: RunCounts())
        var allBatches = Set<Int64>()
        let rows = try connection.execute(ReportRunsTable.runs(job: job, runDate: ExceptionStore.date(runDate)))
        for row in 0..<rows.rowCount {
            let ingested = try decoder.decode(Ingested.self, from: Data((rows.string(row: row, column: 2) ?? "{}").utf8))
            history.add(
                ingested, startedAt: Date(timeIntervalSince1970: TimeInterval(rows.int64(row: row, column: 0) ?? 0)),
                exitCode: Int(rows.int32(row: row, column: 3) ?? 0))
            let ids = (rows.string(row: row, column: 1) ?? "{}").trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
            for id in ids.split(separator: ",") { if let id = Int64(id) { allBatches.insert(id) } }
        }

        let ingested = Ingested(ingest, alreadyReported: allBatches)
        var batchIDs = Set(ingest.rejectedBatchIDs)
        for file in ingest.files {
            if case .settled = file.outcome, let id = file.batchID { batchIDs.insert(id) }
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let inserted = try connection.execute(
            ReportRunsTable.insert(
                job: job, runDate: ExceptionStore.date(runDate),
                startedAt: .timestamp(microsecondsSince2000: Self.microseconds(startedAt)), batchIDs: batchIDs.sorted(),
                ingestedJSON: String(decoding: try encoder.encode(ingested), as: UTF8.self), exitCode: exitCode))
        history.thisRunID = inserted.int64(row: 0, column: 0)!
        history.add(ingested, startedAt: startedAt, exitCode: exitCode)
        history.batchIDs = allBatches.union(batchIDs).sorted()
        return history
    }

    /// The run ended otherwise than planned (its report files could not be written).
    func setExitCode(_ code: Int32, run id: Int64) throws {
        try connection.execute(ReportRunsTable.setExitCode(code, run: id))
    }

    static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 - 946_684_800) * 1_000_000)
    }
}
