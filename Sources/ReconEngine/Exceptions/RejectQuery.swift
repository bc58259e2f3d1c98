import ReconCore
import ReconStore

/// `recon rejects`: rejected records from the database, by report date (the
/// batches the runs of that date ingested, as in its `rejected.csv`), by
/// batch, or all of the job's source; optionally one reason.
public struct RejectQuery {
    public enum Scope: Sendable {
        case all
        case runDate(CivilDate)
        case batch(Int64)
    }

    let connection: PostgresConnection

    public init(connection: PostgresConnection) { self.connection = connection }

    public func rows(job: JobFile, scope: Scope, reason: ReasonCode?) throws -> [RejectListing.Row] {
        let batches: RejectedRecordsTable.Batches
        switch scope {
        case .all: batches = .all
        case .batch(let id): batches = .one(id)
        case .runDate(let date): batches = .reportedOn(job: job.name, runDate: ExceptionStore.date(date))
        }
        let result = try connection.execute(
            RejectedRecordsTable.listing(source: job.source, reason: reason?.rawValue, in: batches))
        return (0..<result.rowCount).compactMap { row in
            guard let reason = ReasonCode(rawValue: result.string(row: row, column: 4) ?? "") else { return nil }
            return RejectListing.Row(
                batchID: result.int64(row: row, column: 0)!,
                record: RejectedRecordRow(
                    sourceFile: result.string(row: row, column: 1)!, line: Int(result.int32(row: row, column: 2) ?? 0),
                    txnID: result.string(row: row, column: 3), reason: reason, detail: result.string(row: row, column: 5)!))
        }
    }
}
