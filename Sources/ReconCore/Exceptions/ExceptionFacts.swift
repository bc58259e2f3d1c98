/// What an exception remembers of its mismatch: amounts, dates, counts and
/// detail. If a resolved exception's mismatch comes back with other facts, its
/// items changed (a new transaction changed the net, a new line claimed it)
/// and it is open again (SPEC §9).
public struct ExceptionFacts: Sendable, Equatable {
    public var expectedAmount: Int64?
    public var bankAmount: Int64?
    public var difference: Int64?
    public var transactionCount: Int?
    public var settlementDate: CivilDate?
    public var bookingDate: CivilDate?
    public var detail: String

    public init(
        expectedAmount: Int64? = nil, bankAmount: Int64? = nil, difference: Int64? = nil, transactionCount: Int? = nil,
        settlementDate: CivilDate? = nil, bookingDate: CivilDate? = nil, detail: String = ""
    ) {
        self.expectedAmount = expectedAmount
        self.bankAmount = bankAmount
        self.difference = difference
        self.transactionCount = transactionCount
        self.settlementDate = settlementDate
        self.bookingDate = bookingDate
        self.detail = detail
    }

    public init(_ mismatch: Mismatch) {
        self.init(
            expectedAmount: mismatch.expectedAmount, bankAmount: mismatch.bankAmount, difference: mismatch.difference,
            transactionCount: mismatch.transactionCount, settlementDate: mismatch.settlementDate,
            bookingDate: mismatch.bookingDate, detail: mismatch.detail)
    }

    /// What differs from `old`, in words a person reads in a note
    /// ("expected amount 10.00 → 12.00"); empty when nothing does.
    public func changes(from old: ExceptionFacts, currency: String?) -> [String] {
        func money(_ amount: Int64?) -> String { AmountText.format(amount, currencyCode: currency) ?? "none" }
        var changes: [String] = []
        if expectedAmount != old.expectedAmount {
            changes.append("expected amount \(money(old.expectedAmount)) → \(money(expectedAmount))")
        }
        if bankAmount != old.bankAmount { changes.append("bank amount \(money(old.bankAmount)) → \(money(bankAmount))") }
        if difference != old.difference, expectedAmount == old.expectedAmount, bankAmount == old.bankAmount {
            changes.append("difference \(money(old.difference)) → \(money(difference))")
        }
        if transactionCount != old.transactionCount {
            changes.append(
                "transactions \(old.transactionCount.map(String.init) ?? "none") → \(transactionCount.map(String.init) ?? "none")")
        }
        if settlementDate != old.settlementDate {
            changes.append("settlement date \(old.settlementDate?.description ?? "none") → \(settlementDate?.description ?? "none")")
        }
        if bookingDate != old.bookingDate {
            changes.append("booking date \(old.bookingDate?.description ?? "none") → \(bookingDate?.description ?? "none")")
        }
        if changes.isEmpty, detail != old.detail { changes.append("detail now: \(detail)") }
        return changes
    }
}

extension Mismatch {
    /// The money a person should weigh this by (SPEC §9 `at_stake`), minor
    /// units of `currency`; nil for a statement gap. Where the SPEC names no
    /// rule: a currency mismatch risks the whole expected amount, and so does
    /// a payout booked outside the window at the right amount.
    public var atStake: Int64? {
        switch kind {
        case .missingInBank: return expectedAmount.map(Self.magnitude)
        case .unexpectedBankLine, .duplicateBankLine, .ambiguousMatch: return bankAmount.map(Self.magnitude)
        case .statementGap: return nil
        case .amountMismatch, .dateOutOfWindow, .currencyMismatch:
            if let difference, difference != 0 { return Self.magnitude(difference) }
            return (expectedAmount ?? bankAmount).map(Self.magnitude)
        }
    }

    /// |amount|; Int64.min (never a real amount) saturates instead of trapping.
    static func magnitude(_ amount: Int64) -> Int64 { amount == .min ? .max : abs(amount) }
}
