import ReconCore

/// Finds breaks between consecutive statements of one account (SPEC §4): a
/// closing balance that differs from the next opening balance, or a jump in
/// the statement sequence numbers. Pure; statements come in any order.
enum StatementGapFinder {
    struct StoredStatement: Sendable {
        var sequence: String?
        var openingBalance: Int64?
        var closingBalance: Int64?
        var openingDate: CivilDate?
        var closingDate: CivilDate?
        var currencyDigits: Int
    }

    /// The statement number: the leading digits of `:28C:` (`00123/2` → 123)
    /// or of camt `ElctrncSeqNb`/`LglSeqNb`.
    static func number(_ sequence: String?) -> Int? {
        guard let sequence else { return nil }
        let digits = sequence.prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : Int(digits)
    }

    static func gaps(account: String, statements: [StoredStatement]) -> [String] {
        let ordered = statements.sorted { lhs, rhs in
            let left = (lhs.closingDate?.daysSinceEpoch ?? Int.min, number(lhs.sequence) ?? Int.min)
            let right = (rhs.closingDate?.daysSinceEpoch ?? Int.min, number(rhs.sequence) ?? Int.min)
            return left < right
        }
        var gaps: [String] = []
        for (previous, next) in zip(ordered, ordered.dropFirst()) {
            if let before = number(previous.sequence), let after = number(next.sequence), after > before + 1 {
                let missing = after - before == 2 ? "statement \(before + 1) is" : "statements \(before + 1)…\(after - 1) are"
                gaps.append("account \(account): statement sequence jumps from \(before) to \(after); \(missing) missing")
            }
            if let closing = previous.closingBalance, let opening = next.openingBalance, closing != opening,
                number(previous.sequence) != number(next.sequence) || previous.sequence == nil
            {
                let digits = next.currencyDigits
                gaps.append(
                    "account \(account): statement \(next.sequence ?? "?") opens with \(MinorUnits.format(opening, digits: digits)) but statement \(previous.sequence ?? "?") closed with \(MinorUnits.format(closing, digits: digits))")
            }
        }
        return gaps
    }
}
