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
        lhs.rank < rhs.rank
    }

    /// Position in SPEC §5.4 order (the declaration order above). A switch,
    /// because `allCases` builds an array on every call and report sorting
    /// compares kinds millions of times.
    public var rank: Int {
        switch self {
        case .missingInBank: 0
        case .unexpectedBankLine: 1
        case .amountMismatch: 2
        case .currencyMismatch: 3
        case .dateOutOfWindow: 4
        case .duplicateBankLine: 5
        case .ambiguousMatch: 6
        case .statementGap: 7
        }
    }
}
