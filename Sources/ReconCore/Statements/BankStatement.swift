/// One statement of one account as read from a bank file: balances where the
/// format has them, and its booked lines in file order.
public struct BankStatement: Sendable, Equatable {
    public var account: String
    /// Nil only for bank CSV statements whose lines mix currencies.
    public var currency: Currency?
    /// MT940 `:28C:`, camt `ElctrncSeqNb` (else `LglSeqNb`), as written.
    public var sequence: String?
    /// Minor units of ``currency``, signed (an overdrawn account is negative).
    public var openingBalance: Int64?
    public var closingBalance: Int64?
    public var openingDate: CivilDate?
    public var closingDate: CivilDate?
    public var lines: [BankLine]
    /// 1-based line in the source file where the statement starts.
    public var sourceLine: Int
    /// What the reader accepted although the standard says otherwise (a
    /// withdrawn currency, a `:61:` without transaction type, a letter O in
    /// an amount), each with its line: shown by `statement show`, logged at import.
    public var notes: [String]

    public init(
        account: String, currency: Currency?, sequence: String? = nil,
        openingBalance: Int64? = nil, closingBalance: Int64? = nil,
        openingDate: CivilDate? = nil, closingDate: CivilDate? = nil,
        lines: [BankLine] = [], sourceLine: Int, notes: [String] = []
    ) {
        self.notes = notes
        self.account = account
        self.currency = currency
        self.sequence = sequence
        self.openingBalance = openingBalance
        self.closingBalance = closingBalance
        self.openingDate = openingDate
        self.closingDate = closingDate
        self.lines = lines
        self.sourceLine = sourceLine
    }
}
