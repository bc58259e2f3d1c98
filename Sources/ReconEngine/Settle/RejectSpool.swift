import ReconCore
import ReconStore

/// Holds the rejections of one batch until the main COPY is done, counting
/// them by reason; a file of a million bad rows still runs in bounded memory
/// (``CopySpool``).
final class RejectSpool {
    private let batchID: Int64
    private let spool: CopySpool
    private(set) var countsByReason: [ReasonCode: Int64] = [:]

    var count: Int64 { spool.rowCount }

    init(batchID: Int64) {
        self.batchID = batchID
        spool = CopySpool(copyStatement: RejectedRecordsTable.copyRows, purpose: "rejects", batchID: batchID)
    }

    func add(_ rejections: [Rejection]) throws {
        for rejection in rejections {
            try spool.add { RejectedRow.append(rejection, batchID: batchID, to: &$0) }
            countsByReason[rejection.reason, default: 0] += 1
        }
    }

    /// COPYs every rejection into `rejected_records` (inside the caller's transaction).
    func copy(into connection: PostgresConnection) throws {
        try spool.copy(into: connection)
    }
}
