/// A record whose fields passed SPEC §2/§3 validation; signature not yet checked.
public struct ValidatedTransaction: Sendable {
    public var txnID: String
    public var merchantID: String
    public var type: TransactionType
    public var currency: Currency
    /// Signed integer minor units of `currency`.
    public var amount: Int64
    /// Microseconds since the Unix epoch, UTC.
    public var createdAt: Int64
    /// Days since 1970-01-01.
    public var settlementDate: Int
    public var settlementRef: String
    public var keyID: String
    public var signature: String
}
