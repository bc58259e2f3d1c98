/// The mismatch kinds of SPEC §5.4.
public enum MismatchKind: String, Sendable, CaseIterable, Codable, Comparable {
    case missingInBank = "MISSING_IN_BANK"
    case unexpectedBankLine = "UNEXPECTED_BANK_LINE"
    case amountMismatch = "AMOUNT_MISMATCH"
    case currencyMismatch = "CURRENCY_MISMATCH"
    case dateOutOfWindow = "DATE_OUT_OF_WINDOW"
    case duplicateBankLine = "DUPLICATE_BANK_LINE"
    case ambiguousMatch = "AMBIGUOUS_MATCH"
    case statementGap = "STATEMENT_GAP"

    public static func < (lhs: MismatchKind, rhs: MismatchKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
