/// A break in an account's statement chain found at ingest (SPEC §4): a
/// closing balance that differs from the next opening balance, or a missing
/// sequence number. Reported as `STATEMENT_GAP` as is.
public struct StatementGap: Sendable, Equatable {
    public var account: String
    public var detail: String

    public init(account: String, detail: String) {
        self.account = account
        self.detail = detail
    }
}
