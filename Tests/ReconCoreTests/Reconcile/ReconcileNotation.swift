import XCTest

@testable import ReconCore

/// A compact text notation for reconciliation cases, so each table row reads
/// like what an operator would write on a whiteboard. Dates are `MM-DD` in
/// 2026; amounts are decimal strings in the currency's digits.
///
/// - group: `merchant ref CUR net MM-DD`, e.g. `acme PO-1 EUR 100.00 03-05`
/// - line:  `#id MM-DD CUR amount [ref=REF] [| description]`,
///   e.g. `#3 03-06 EUR 60.00 ref=PO-1` or `#4 03-06 EUR 10.00 | Payout PO-1.`
///
/// A result renders as one string per fact, in result order:
/// - `match acme/PO-1 #1,#2 split` (`… KIND` when the match is a mismatch)
/// - `KIND acme/PO-1`, `KIND acme/PO-1 #2` (row about one line of a group),
///   `KIND #3` (a line alone); `AMOUNT_MISMATCH` adds `diff=-10.00`,
///   `AMBIGUOUS_MATCH` adds `fits=a/X,b/Y` (its candidates)
/// - `pending acme/PO-1`, `pending #3`
enum ReconcileNotation {
    static let year = 2026

    static func date(_ text: String) -> CivilDate {
        guard let date = CivilDate(iso: "\(year)-\(text)") else { fatalError("bad date '\(text)' in a test case") }
        return date
    }

    static func money(_ text: String, _ currency: Currency) -> Int64 {
        guard let amount = MinorUnits.parse(text, digits: currency.minorDigits) else {
            fatalError("bad amount '\(text)' in a test case")
        }
        return amount
    }

    static func currency(_ code: Substring) -> Currency {
        guard let currency = Currency(code: String(code)) else { fatalError("bad currency '\(code)' in a test case") }
        return currency
    }

    static func group(_ text: String) -> SettlementGroup {
        let fields = text.split(separator: " ")
        precondition(fields.count == 5, "group needs 5 fields: \(text)")
        let currency = currency(fields[2])
        return SettlementGroup(
            key: .init(merchantID: String(fields[0]), settlementRef: String(fields[1]), currency: currency.code),
            currency: currency, net: money(String(fields[3]), currency), settlementDate: date(String(fields[4])),
            transactionCount: 1)
    }

    static func line(_ text: String) -> OpenBankLine {
        let parts = text.split(separator: "|", maxSplits: 1)
        let fields = parts[0].split(separator: " ")
        precondition(fields.count >= 4 && fields[0].hasPrefix("#"), "line needs #id date currency amount: \(text)")
        guard let id = Int64(fields[0].dropFirst()) else { fatalError("bad id in \(text)") }
        let currency = currency(fields[2])
        let reference = fields.dropFirst(4).first { $0.hasPrefix("ref=") }.map { String($0.dropFirst(4)) }
        let description = parts.count > 1 ? String(parts[1].drop(while: { $0 == " " })) : ""
        let line = BankLine(
            account: "DE01", bookingDate: date(String(fields[1])), valueDate: nil,
            amount: money(String(fields[3]), currency), currency: currency, reference: reference,
            description: description, bankTransactionID: "B\(id)", sourceLine: Int(id))
        return OpenBankLine(bankLineID: id, line: line)
    }

    static func input(
        groups: [String], lines: [String], runDate: String = "03-10", windowDays: Int = 3,
        gaps: [StatementGap] = [], firstSeen: [String: CivilDate] = [:]
    ) -> ReconcileInput {
        ReconcileInput(
            runDate: date(runDate), windowDays: windowDays, groups: groups.map(group), bankLines: lines.map(line),
            statementGaps: gaps, firstSeenByIdentity: firstSeen)
    }

    static func render(_ result: ReconcileResult) -> [String] {
        var facts: [String] = []
        for match in result.matches {
            let ids = match.bankLineIDs.map { "#\($0)" }.joined(separator: ",")
            let kind = match.mismatchKind.map { " \($0.rawValue)" } ?? ""
            facts.append("match \(name(match.groupKey)) \(ids) \(match.rule.rawValue)\(kind)")
        }
        for row in result.mismatches { facts.append(render(row)) }
        facts += result.pendingGroupKeys.map { "pending \(name($0))" }
        facts += result.pendingBankLineIDs.map { "pending #\($0)" }
        return facts
    }

    static func render(_ row: Mismatch) -> String {
        var parts = [row.kind.rawValue]
        if let merchant = row.merchantID, let reference = row.settlementRef { parts.append("\(merchant)/\(reference)") }
        if let line = row.bankLineID { parts.append("#\(line)") }
        if row.kind == .statementGap, let account = row.bankAccount { parts.append(account) }
        if row.kind == .amountMismatch, let difference = row.difference, let code = row.currency,
            let currency = Currency(code: code)
        {
            parts.append("diff=\(MinorUnits.format(difference, digits: currency.minorDigits))")
        }
        if row.kind == .ambiguousMatch {
            parts.append("fits=" + row.candidates.map { "\($0.merchantID ?? "")/\($0.settlementRef ?? "")" }.joined(separator: ","))
        }
        return parts.joined(separator: " ")
    }

    static func name(_ key: SettlementGroup.Key) -> String { "\(key.merchantID)/\(key.settlementRef)" }
}
