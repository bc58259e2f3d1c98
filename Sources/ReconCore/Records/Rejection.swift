/// A record that ends `rejected` (SPEC §3.3): where it was, why, and a detail
/// naming the field or the problem. Never carries secret material.
public struct Rejection: Sendable, Equatable {
    public var line: Int
    public var txnID: String?
    public var reason: ReasonCode
    public var detail: String

    public init(line: Int, txnID: String?, reason: ReasonCode, detail: String) {
        self.line = line
        self.txnID = txnID
        self.reason = reason
        // Details may quote input; keep them short so a hostile file cannot
        // bloat the rejected table or the reports.
        self.detail = detail.count > 300 ? String(detail.prefix(300)) + "…" : detail
    }
}
