/// One row of `rejected.csv` (SPEC §6): a record rejected in a batch this run
/// ingested, where it was and why.
public struct RejectedRecordRow: Sendable, Equatable {
    /// The transaction file's name as the job found it.
    public var sourceFile: String
    /// 1-based physical line of the record's start; for a `.json` array, the
    /// 1-based element index.
    public var line: Int
    /// Nil when the record was too broken to carry one.
    public var txnID: String?
    public var reason: ReasonCode
    public var detail: String

    public init(sourceFile: String, line: Int, txnID: String?, reason: ReasonCode, detail: String) {
        self.sourceFile = sourceFile
        self.line = line
        self.txnID = txnID
        self.reason = reason
        self.detail = detail
    }

    /// The row for a validator outcome of file `sourceFile`.
    public init(sourceFile: String, rejection: Rejection) {
        self.init(
            sourceFile: sourceFile, line: rejection.line, txnID: rejection.txnID, reason: rejection.reason,
            detail: rejection.detail)
    }
}
