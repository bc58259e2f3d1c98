/// Opening balance + lines == closing balance (SPEC §4 integrity).
///
/// Kept apart from the readers: `statement show` prints a failing statement
/// before reporting it, while ingest rejects it whole.
public enum BalanceCheck {
    public enum Outcome: Sendable, Equatable {
        /// The file gives no opening or no closing balance: nothing to check.
        case notApplicable
        case balanced
        case mismatch(BalanceMismatch)
    }

    public static func check(_ statement: BankStatement) -> Outcome {
        guard let opening = statement.openingBalance, let closing = statement.closingBalance else {
            return .notApplicable
        }
        var total: Int64 = 0
        var overflowed = false
        for line in statement.lines {
            let (sum, overflow) = total.addingReportingOverflow(line.amount)
            total = sum
            overflowed = overflowed || overflow
        }
        let (computed, overflow) = opening.addingReportingOverflow(total)
        if !overflowed, !overflow, computed == closing { return .balanced }
        return .mismatch(
            BalanceMismatch(
                opening: opening, closing: closing,
                linesTotal: overflowed ? nil : total,
                computedClosing: (overflowed || overflow) ? nil : computed))
    }

    /// The error ingest records when it rejects the statement.
    public static func error(
        for mismatch: BalanceMismatch, statement: BankStatement, fileName: String
    ) -> StatementError {
        let digits = statement.currency?.minorDigits ?? 0
        func text(_ value: Int64?) -> String {
            value.map { MinorUnits.format($0, digits: digits) } ?? "overflow"
        }
        return StatementError(
            .balanceMismatch, fileName: fileName, line: statement.sourceLine,
            "statement of account \(statement.account)"
                + (statement.sequence.map { " sequence \($0)" } ?? "")
                + ": opening \(text(mismatch.opening)) + lines \(text(mismatch.linesTotal))"
                + " = \(text(mismatch.computedClosing)), but closing balance is \(text(mismatch.closing))")
    }
}

public struct BalanceMismatch: Sendable, Equatable {
    public var opening: Int64
    public var closing: Int64
    /// Nil when the sum of the lines overflows 64 bits.
    public var linesTotal: Int64?
    public var computedClosing: Int64?

    /// closing − computed closing: what is missing from the lines.
    public var difference: Int64? {
        guard let computedClosing else { return nil }
        let (value, overflow) = closing.subtractingReportingOverflow(computedClosing)
        return overflow ? nil : value
    }
}
