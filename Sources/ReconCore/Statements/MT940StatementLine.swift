import Foundation

/// The `:61:` statement line of MT940, decoded.
///
/// Layout: `YYMMDD[MMDD](C|D|RC|RD)[funds code]amount(N|S|F)xxx
/// customer-ref[//bank-ref]` and optional supplementary details on the next line.
struct MT940StatementLine {
    var valueDate: CivilDate
    /// The entry (booking) date when the bank gives one; its year is inferred.
    var entryDate: CivilDate?
    /// Signed by the money's direction: `C` and `RD` in, `D` and `RC` out.
    var amount: Int64
    var customerReference: String?
    var bankReference: String?
    var supplementaryDetails: String
    /// Set when the line deviates from the standard in a way that was read anyway.
    var note: String?

    /// `fail` builds the error for the field's location with a reason.
    static func parse(
        _ field: MT940Field, currency: Currency, fail: (String) -> StatementError
    ) throws(StatementError) -> MT940StatementLine {
        var scanner = MT940Scanner(field.lines.first ?? "")
        guard let valueText = scanner.take(digits: 6) else {
            throw fail(":61: must start with the value date YYMMDD, found '\(scanner.rest.prefix(20))'")
        }
        guard let valueDate = MT940Dates.date(yymmdd: valueText) else {
            throw fail(":61: value date '\(valueText)' is not a calendar date")
        }
        var entryDate: CivilDate?
        if let entryText = scanner.take(digits: 4) {
            guard let entry = MT940Dates.entryDate(mmdd: entryText, near: valueDate) else {
                throw fail(":61: entry date '\(entryText)' is not a calendar date")
            }
            entryDate = entry
        }
        let sign: Int64
        if scanner.skip("RC") {
            sign = -1  // reversal of a credit: the money goes back out
        } else if scanner.skip("RD") {
            sign = 1  // reversal of a debit: the money comes back in
        } else if scanner.skip("C") || scanner.skip("EC") {
            sign = 1
        } else if scanner.skip("D") || scanner.skip("ED") {
            sign = -1
        } else {
            throw fail(":61: expected debit/credit mark C, D, RC or RD after the dates, found '\(scanner.rest.prefix(20))'")
        }
        _ = scanner.takeLetter()  // funds code (third letter of the ISO currency), not needed
        let amountText = scanner.take(while: { $0.isNumber || $0 == "," || $0 == "." })
        guard !amountText.isEmpty else {
            throw fail(":61: expected the amount (digits with a decimal comma) after the debit/credit mark, found '\(scanner.rest.prefix(20))'")
        }
        guard let magnitude = StatementAmount.parse(amountText[...], separator: ",", digits: currency.minorDigits) else {
            throw fail(":61: " + StatementAmount.problem(amountText[...], separator: ",", digits: currency.minorDigits))
        }
        // Commerzbank writes a space here; MT942 files use codes outside N/S/F.
        _ = scanner.take(while: { $0 == " " })
        var note: String?
        if scanner.rest.isEmpty || scanner.rest.hasPrefix("/") || scanner.rest.hasPrefix("NONREF") {
            // Some banks leave the transaction type out (`:61:2009020902D20,00NONREF`): what
            // follows the amount is then the reference, never a type to cut off.
            note = "line \(field.line): :61: has no transaction type after the amount; '\(scanner.rest.prefix(16))' read as the reference"
        } else {
            guard scanner.rest.count >= 4, scanner.rest.first!.isLetter else {
                throw fail(":61: expected the transaction type (a letter and 3 characters, e.g. NTRF) after the amount, found '\(scanner.rest.prefix(20))'")
            }
            _ = scanner.take(count: 4)
        }
        var details = Array(field.lines.dropFirst().map { $0.trimmingSpaces() })
        let (customer, bank, extra) = references(scanner.rest)
        if !extra.isEmpty { details.insert(extra, at: 0) }
        return MT940StatementLine(
            valueDate: valueDate, entryDate: entryDate, amount: sign * magnitude,
            customerReference: customer, bankReference: bank,
            supplementaryDetails: details.filter { !$0.isEmpty }.joined(separator: " "), note: note)
    }

    /// Customer reference (16x, `NONREF` means none), bank reference after
    /// `//` (16x); anything written past those widths is kept as details.
    private static func references(_ text: Substring) -> (String?, String?, String) {
        let customerPart: Substring
        var bankPart: Substring = ""
        if let separator = text.range(of: "//") {
            customerPart = text[..<separator.lowerBound]
            bankPart = text[separator.upperBound...]
        } else {
            customerPart = text
        }
        var extra: [String] = []
        let customer = customerPart.prefix(16).trimmingSpaces()
        extra.append(customerPart.dropFirst(16).trimmingSpaces())
        let bank = bankPart.prefix(16).trimmingSpaces()
        extra.append(bankPart.dropFirst(16).trimmingSpaces())
        return (
            customer.isEmpty || customer == "NONREF" ? nil : customer,
            bank.isEmpty ? nil : bank,
            extra.filter { !$0.isEmpty }.joined(separator: " ")
        )
    }
}

/// A cursor over one MT940 field value.
struct MT940Scanner {
    private(set) var rest: Substring

    init(_ text: String) { rest = Substring(text) }

    mutating func take(digits count: Int) -> String? {
        let candidate = rest.prefix(count)
        guard candidate.count == count, candidate.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        rest = rest.dropFirst(count)
        return String(candidate)
    }

    mutating func take(count: Int) -> String? {
        let candidate = rest.prefix(count)
        guard candidate.count == count else { return nil }
        rest = rest.dropFirst(count)
        return String(candidate)
    }

    mutating func skip(_ literal: String) -> Bool {
        guard rest.hasPrefix(literal) else { return false }
        rest = rest.dropFirst(literal.count)
        return true
    }

    mutating func takeLetter() -> Character? {
        guard let first = rest.first, first.isASCII, first.isLetter else { return nil }
        rest = rest.dropFirst()
        return first
    }

    mutating func take(while predicate: (Character) -> Bool) -> String {
        let taken = rest.prefix(while: predicate)
        rest = rest.dropFirst(taken.count)
        return String(taken)
    }
}

/// MT940 writes two-digit years and leaves the year out of entry dates.
enum MT940Dates {
    /// `YY` 00-79 is 20YY, 80-99 is 19YY: MT940 predates 2000 and no bank
    /// sends statements from the 2080s yet.
    static func date(yymmdd text: String) -> CivilDate? {
        let bytes = Array(text.utf8)
        guard bytes.count == 6, let yy = CivilDate.number(bytes[0..<2]),
            let month = CivilDate.number(bytes[2..<4]), let day = CivilDate.number(bytes[4..<6])
        else { return nil }
        return CivilDate(year: yy < 80 ? 2000 + yy : 1900 + yy, month: month, day: day)
    }

    /// The entry date takes the value date's year, except across a year end:
    /// a January entry for a December value date is in the next year, a
    /// December entry for a January value date in the previous one.
    static func entryDate(mmdd text: String, near valueDate: CivilDate) -> CivilDate? {
        let bytes = Array(text.utf8)
        guard bytes.count == 4, let month = CivilDate.number(bytes[0..<2]),
            let day = CivilDate.number(bytes[2..<4])
        else { return nil }
        var year = valueDate.year
        if valueDate.month == 12 && month == 1 { year += 1 }
        if valueDate.month == 1 && month == 12 { year -= 1 }
        return CivilDate(year: year, month: month, day: day)
    }
}
