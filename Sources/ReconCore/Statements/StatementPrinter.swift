/// The output of `recon statement show` (SPEC §7): one JSON object per line,
/// each statement followed by its lines, and a `BALANCE_MISMATCH` object after
/// a statement whose balances do not add up.
public enum StatementPrinter {
    public struct Output: Sendable {
        /// JSON lines, each without its line end.
        public var lines: [String]
        /// True when some statement failed its balance check: exit code 65.
        public var hasBalanceMismatch: Bool
    }

    public static func render(_ statements: [BankStatement]) -> Output {
        var lines: [String] = []
        var hasBalanceMismatch = false
        for statement in statements {
            lines.append(header(statement))
            for line in statement.lines { lines.append(bankLine(line)) }
            if case .mismatch(let mismatch) = BalanceCheck.check(statement) {
                hasBalanceMismatch = true
                lines.append(mismatchLine(mismatch, statement: statement))
            }
        }
        return Output(lines: lines, hasBalanceMismatch: hasBalanceMismatch)
    }

    static func header(_ statement: BankStatement) -> String {
        var inner = JSONLineWriter()
        inner.string("account", statement.account)
        inner.string("currency", statement.currency?.code)
        inner.string("sequence", statement.sequence)
        inner.string("opening_balance", money(statement.openingBalance, statement.currency))
        inner.string("closing_balance", money(statement.closingBalance, statement.currency))
        if !statement.notes.isEmpty { inner.strings("notes", statement.notes) }
        var outer = JSONLineWriter()
        outer.object("statement", inner.finished())
        return outer.finished()
    }

    static func bankLine(_ line: BankLine) -> String {
        var inner = JSONLineWriter()
        inner.string("account", line.account)
        inner.string("booking_date", line.bookingDate.description)
        inner.string("value_date", line.valueDate?.description)
        inner.string("amount", MinorUnits.format(line.amount, digits: line.currency.minorDigits))
        inner.string("currency", line.currency.code)
        inner.string("reference", line.reference)
        inner.string("description", line.description)
        inner.string("bank_txn_id", line.bankTransactionID)
        var outer = JSONLineWriter()
        outer.object("line", inner.finished())
        return outer.finished()
    }

    static func mismatchLine(_ mismatch: BalanceMismatch, statement: BankStatement) -> String {
        var writer = JSONLineWriter()
        writer.string("error", "BALANCE_MISMATCH")
        writer.string("account", statement.account)
        writer.string("sequence", statement.sequence)
        writer.string("opening_balance", money(mismatch.opening, statement.currency))
        writer.string("lines_total", money(mismatch.linesTotal, statement.currency))
        writer.string("expected_closing_balance", money(mismatch.computedClosing, statement.currency))
        writer.string("closing_balance", money(mismatch.closing, statement.currency))
        writer.string("difference", money(mismatch.difference, statement.currency))
        writer.integer("source_line", statement.sourceLine)
        return writer.finished()
    }

    /// Balances only exist on statements with a currency (the readers ensure it).
    private static func money(_ amount: Int64?, _ currency: Currency?) -> String? {
        guard let amount else { return nil }
        return MinorUnits.format(amount, digits: currency?.minorDigits ?? 0)
    }
}
