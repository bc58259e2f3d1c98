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
        var parameters: [PostgresValue?] = [.text(job.source), reason.map { .text($0.rawValue) }]
        var condition = ""
        switch scope {
        case .all: break
        case .batch(let id):
            parameters.append(.int64(id))
            condition = " and b.id = $3"
        case .runDate(let date):
            parameters += [.text(job.name), ExceptionStore.date(date)]
            condition = """
                 and b.id in (select unnest(batch_ids) from recon_report_runs where job = $3 and run_date = $4)
                """
        }
        let result = try connection.execute(
            """
            select b.id, b.file_name, r.line, r.txn_id, r.reason, r.detail
            from rejected_records r join batches b on b.id = r.batch_id
            where b.source = $1 and ($2::text is null or r.reason = $2)\(condition)
            order by b.id, r.line
            """, parameters)
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
