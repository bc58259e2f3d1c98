import ReconCore

/// Finds breaks between consecutive statements of one account (SPEC §4): a
/// jump in the statement sequence numbers, or a next opening balance that,
/// with the lines the two statements share, does not continue the previous
/// closing balance. Pure; statements come in any order (the order they
/// arrived in plays no part: they are ordered by closing date, then number).
///
/// Overlap: a statement that repeats the last days of the previous one opens
/// before the previous one closed, by exactly the lines they share, so the
/// rule is `next.opening + sum(shared lines) = previous.closing`; with no
/// shared line it is the plain `next.opening = previous.closing`.
enum StatementGapFinder {
    struct StoredStatement: Sendable {
        /// bank_statements.id: what ``SharedLines`` are keyed by.
        var id: Int64 = 0
        var sequence: String?
        var openingBalance: Int64?
        var closingBalance: Int64?
        var openingDate: CivilDate?
        var closingDate: CivilDate?
        var currencyDigits: Int
    }

    /// Two statements, the smaller id first.
    struct StatementPair: Hashable, Sendable {
        let first: Int64
        let second: Int64
        init(_ one: Int64, _ other: Int64) {
            first = min(one, other)
            second = max(one, other)
        }
    }

    /// The bank lines two statements both delivered: how many, and their sum.
    struct SharedLines: Sendable, Equatable {
        var count: Int
        var amount: Int64
    }

    /// The statement number: the leading digits of `:28C:` (`00123/2` → 123)
    /// or of camt `ElctrncSeqNb`/`LglSeqNb`.
    static func number(_ sequence: String?) -> Int? {
        guard let sequence else { return nil }
        let digits = sequence.prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : Int(digits)
    }

    static func gaps(
        account: String, statements: [StoredStatement], shared: [StatementPair: SharedLines] = [:]
    ) -> [String] {
        let ordered = statements.sorted { lhs, rhs in
            let left = (lhs.closingDate?.daysSinceEpoch ?? Int.min, number(lhs.sequence) ?? Int.min, lhs.id)
            let right = (rhs.closingDate?.daysSinceEpoch ?? Int.min, number(rhs.sequence) ?? Int.min, rhs.id)
            return left < right
        }
        var gaps: [String] = []
        for (previous, next) in zip(ordered, ordered.dropFirst()) {
            if let before = number(previous.sequence), let after = number(next.sequence), after > before + 1 {
                let missing = after - before == 2 ? "statement \(before + 1) is" : "statements \(before + 1)…\(after - 1) are"
                gaps.append("account \(account): statement sequence jumps from \(before) to \(after); \(missing) missing")
            }
            let isSameStatement = number(previous.sequence) == number(next.sequence) && previous.sequence != nil
            guard let closing = previous.closingBalance, let opening = next.openingBalance, !isSameStatement else {
                continue
            }
            let overlap = shared[StatementPair(previous.id, next.id)] ?? SharedLines(count: 0, amount: 0)
            let (continued, overflow) = opening.addingReportingOverflow(overlap.amount)
            guard overflow || continued != closing else { continue }
            let digits = next.currencyDigits
            func money(_ amount: Int64) -> String { MinorUnits.format(amount, digits: digits) }
            let withShared =
                overlap.count == 0 ? ""
                : " (\(money(continued)) with the \(overlap.count) lines of \(money(overlap.amount)) it shares with statement \(previous.sequence ?? "?"))"
            gaps.append(
                "account \(account): statement \(next.sequence ?? "?") opens with \(money(opening))\(withShared) but statement \(previous.sequence ?? "?") closed with \(money(closing))")
        }
        return gaps
    }
}
