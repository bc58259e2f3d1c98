/// The identity of a mismatch across nights (the fields behind
/// ``Mismatch/identity``), for `new_since_previous` and
/// `resolved_since_previous`. A resolved mismatch no longer has a row this
/// run, so the engine rebuilds it from what it stored.
public struct MismatchReference: Sendable, Equatable {
    public var kind: MismatchKind
    public var merchantID: String?
    public var settlementRef: String?
    public var currency: String?
    public var bankAccount: String?
    public var bankTxnID: String?

    public init(
        kind: MismatchKind, merchantID: String? = nil, settlementRef: String? = nil, currency: String? = nil,
        bankAccount: String? = nil, bankTxnID: String? = nil
    ) {
        self.kind = kind
        self.merchantID = merchantID
        self.settlementRef = settlementRef
        self.currency = currency
        self.bankAccount = bankAccount
        self.bankTxnID = bankTxnID
    }

    public init(_ mismatch: Mismatch) {
        self.init(
            kind: mismatch.kind, merchantID: mismatch.merchantID, settlementRef: mismatch.settlementRef,
            currency: mismatch.currency, bankAccount: mismatch.bankAccount, bankTxnID: mismatch.bankTxnID)
    }
}
