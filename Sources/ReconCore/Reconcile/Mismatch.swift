/// One row of `mismatches.csv` / `mismatches.json` (SPEC §6). Amounts are
/// minor units of `currency`; reports format them with its digits.
public struct Mismatch: Sendable, Equatable {
    /// A near miss shown for unmatched items: why nothing matched.
    public struct Candidate: Sendable, Equatable {
        /// `group` (a settlement group) or `bank_line`.
        public var side: String
        public var settlementRef: String?
        public var merchantID: String?
        public var bankTxnID: String?
        public var amount: Int64
        public var currency: String
        /// Candidate amount − this item's amount, minor units.
        public var amountDifference: Int64
        public var daysApart: Int
        public var reference: String?
        /// The store's id of a `bank_line` candidate: the only handle on a
        /// line without `bank_txn_id`. Not shown in reports.
        public var bankLineID: Int64?

        public init(
            side: String, settlementRef: String? = nil, merchantID: String? = nil, bankTxnID: String? = nil,
            amount: Int64, currency: String, amountDifference: Int64, daysApart: Int, reference: String? = nil,
            bankLineID: Int64? = nil
        ) {
            self.side = side
            self.settlementRef = settlementRef
            self.merchantID = merchantID
            self.bankTxnID = bankTxnID
            self.amount = amount
            self.currency = currency
            self.amountDifference = amountDifference
            self.daysApart = daysApart
            self.reference = reference
            self.bankLineID = bankLineID
        }
    }

    public var kind: MismatchKind
    public var settlementRef: String?
    public var merchantID: String?
    public var currency: String?
    public var expectedAmount: Int64?
    public var bankAmount: Int64?
    /// The currency of `bankAmount` when it is not `currency`: a
    /// `CURRENCY_MISMATCH` shows the line's amount in its own currency
    /// (SPEC §6), formatted with that currency's digits.
    public var bankCurrency: String?
    /// bank amount − expected amount (SPEC §5.4), where both exist.
    public var difference: Int64?
    public var settlementDate: CivilDate?
    public var bookingDate: CivilDate?
    public var bankAccount: String?
    public var bankTxnID: String?
    public var transactionCount: Int?
    /// The run date on which this mismatch was first reported.
    public var firstSeen: CivilDate?
    public var detail: String
    public var candidates: [Candidate]
    /// The store's id of the bank line a row is about, for rows about one line
    /// (`UNEXPECTED_BANK_LINE`, `DUPLICATE_BANK_LINE`, `AMBIGUOUS_MATCH`, a
    /// stray `CURRENCY_MISMATCH` line). Not a report column: it keeps the
    /// identity of two lines without `bank_txn_id` apart.
    public var bankLineID: Int64?

    public init(
        kind: MismatchKind, settlementRef: String? = nil, merchantID: String? = nil, currency: String? = nil,
        expectedAmount: Int64? = nil, bankAmount: Int64? = nil, difference: Int64? = nil,
        settlementDate: CivilDate? = nil, bookingDate: CivilDate? = nil, bankAccount: String? = nil,
        bankTxnID: String? = nil, transactionCount: Int? = nil, firstSeen: CivilDate? = nil, detail: String = "",
        candidates: [Candidate] = [], bankLineID: Int64? = nil
    ) {
        self.kind = kind
        self.settlementRef = settlementRef
        self.merchantID = merchantID
        self.currency = currency
        self.expectedAmount = expectedAmount
        self.bankAmount = bankAmount
        self.difference = difference
        self.settlementDate = settlementDate
        self.bookingDate = bookingDate
        self.bankAccount = bankAccount
        self.bankTxnID = bankTxnID
        self.transactionCount = transactionCount
        self.firstSeen = firstSeen
        self.detail = detail
        self.candidates = candidates
        self.bankLineID = bankLineID
    }

    /// The currency `bankAmount` is written in.
    public var bankAmountCurrency: String? { bankCurrency ?? currency }

    /// Identity across nights, for `first_seen` and new/resolved counts: the
    /// same problem on the same items is the same mismatch.
    public var identity: String {
        [
            kind.rawValue, merchantID ?? "", settlementRef ?? "", currency ?? "", bankAccount ?? "", bankTxnID ?? "",
            bankLineID.map { String($0) } ?? "",
        ].joined(separator: "\u{1F}")
    }
}
