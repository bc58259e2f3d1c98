/// The bounds every statement reader enforces, so a hostile or broken bank
/// file is refused in time and memory linear in its size instead of stalling
/// a night (issue 15). Each is far above what real statements need; the
/// README's "Statement limits" gives the reasoning and the measured figures.
public enum StatementLimits {
    /// camt.053: deepest element nesting. ISO 20022 camt.053 needs about 14
    /// (`Document/BkToCstmrStmt/Stmt/Ntry/NtryDtls/TxDtls/RltdPties/Dbtr/Pty/Id/OrgId/Othr/SchmeNm/Cd`).
    public static let elementDepthMax = 64
    /// Bytes of text in one camt element, one MT940 field (with its
    /// continuation lines), one BAI2 record or one bank CSV field. The longest
    /// ISO 20022 text type is 500 characters (`AddtlNtryInf`, 2,000 bytes in UTF-8).
    public static let elementTextBytesMax = 65_536
    /// Bytes of one physical line in MT940 (SWIFT: 65 characters), BAI2 and
    /// bank CSV. camt.053 has no physical line limit: XML is often written on
    /// one line; its markup is bounded by ``markupBytesMax`` instead.
    public static let physicalLineBytesMax = 65_536
    /// camt.053: bytes of one tag (`<`...`>`, attributes included), comment or CDATA section.
    public static let markupBytesMax = 65_536
    /// camt.053: attributes of one element. ISO 20022 elements carry one
    /// (`Ccy`); `Document` a few namespace declarations.
    public static let attributesPerElementMax = 32
    /// Bytes of text one bank line keeps (reference, description, bank id together).
    public static let bankLineTextBytesMax = 65_536
    /// Bank lines in one statement.
    public static let statementLinesMax = 1_000_000
    /// Bytes of text the lines of one statement keep together: with
    /// ``statementLinesMax`` this bounds what one statement holds in memory.
    public static let statementTextBytesMax = 64 << 20

    static func describe(bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB"
            : bytes >= 1024 && bytes % 1024 == 0 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }
}

/// Counts what one statement holds while it is read, and refuses it at the
/// first bank line over ``StatementLimits/bankLineTextBytesMax``,
/// ``StatementLimits/statementLinesMax`` or ``StatementLimits/statementTextBytesMax``.
struct StatementSizeCounter {
    private(set) var lineCount = 0
    private(set) var textBytes = 0

    /// `element` names where the line's text comes from (`:61:/:86:`, `Ntry`, `16`, `description`).
    mutating func add(
        _ line: BankLine, fileName: String, location: String, element: String
    ) throws(StatementError) {
        let bytes = Self.textBytes(of: line)
        if bytes > StatementLimits.bankLineTextBytesMax {
            throw StatementError(
                .limitExceeded, fileName: fileName, location: location,
                "bank line text (\(element)) is \(bytes) bytes, over the limit of "
                    + "\(StatementLimits.describe(bytes: StatementLimits.bankLineTextBytesMax)) per bank line")
        }
        lineCount += 1
        textBytes += bytes
        if lineCount > StatementLimits.statementLinesMax {
            throw StatementError(
                .limitExceeded, fileName: fileName, location: location,
                "statement has more than \(StatementLimits.statementLinesMax) bank lines (limit per statement, at \(element))")
        }
        if textBytes > StatementLimits.statementTextBytesMax {
            throw StatementError(
                .limitExceeded, fileName: fileName, location: location,
                "statement's bank lines hold more than "
                    + "\(StatementLimits.describe(bytes: StatementLimits.statementTextBytesMax)) of text "
                    + "(limit per statement, at \(element))")
        }
    }

    /// Adjusts for text added to the last line after it was counted (MT940
    /// `:86:` continuations).
    mutating func grow(
        _ line: BankLine, previousBytes: Int, fileName: String, location: String, element: String
    ) throws(StatementError) {
        lineCount -= 1
        textBytes -= previousBytes
        try add(line, fileName: fileName, location: location, element: element)
    }

    static func textBytes(of line: BankLine) -> Int {
        line.description.utf8.count + (line.reference?.utf8.count ?? 0) + (line.bankTransactionID?.utf8.count ?? 0)
    }
}
