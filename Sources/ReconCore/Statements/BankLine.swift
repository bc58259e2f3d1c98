/// One booked entry of a bank statement (SPEC §4), as every reader produces it.
public struct BankLine: Sendable, Equatable {
    public var account: String
    public var bookingDate: CivilDate
    public var valueDate: CivilDate?
    /// Signed minor units of ``currency``: credit (money in) > 0, debit < 0.
    public var amount: Int64
    public var currency: Currency
    public var reference: String?
    public var description: String
    /// The bank's own id of the line (camt `AcctSvcrRef`, MT940 bank reference).
    public var bankTransactionID: String?
    /// 1-based line in the source file where this bank line starts.
    public var sourceLine: Int

    public init(
        account: String, bookingDate: CivilDate, valueDate: CivilDate?, amount: Int64,
        currency: Currency, reference: String?, description: String,
        bankTransactionID: String?, sourceLine: Int
    ) {
        self.account = account
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.amount = amount
        self.currency = currency
        self.reference = reference
        self.description = description
        self.bankTransactionID = bankTransactionID
        self.sourceLine = sourceLine
    }
}
