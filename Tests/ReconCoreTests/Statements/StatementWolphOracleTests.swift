import Foundation
import XCTest
import Yams

@testable import ReconCore

/// WoLpH/mt940 expected outputs (`wolph/**/X.yml`): PyYAML dumps with python
/// tags. Read with `Yams.compose` (a node tree, so the tags are only labels),
/// after dropping anchors and aliases: the dump refers back to enclosing
/// objects, which no YAML composer can resolve.
final class StatementWolphOracleTests: XCTestCase {
    /// Files whose expected output recon does not reproduce, on purpose, with
    /// the reason recon gives. Everything else must parse and agree.
    static let expectedRejections: [String: String] = [
        // Fragments of one or two tags written to test one tag parser: no
        // account or no opening balance, so no usable statement.
        "betterplace/amount_formats.sta": "no :25: account",
        "betterplace/currency_in_25.sta": "no :60F:/:60M: opening balance",
        "betterplace/empty_86.sta": "no :25: account",
        "betterplace/empty_entry_date.sta": "currency is unknown",
        "betterplace/empty_line.sta": "no :25: account",
        "betterplace/missing_crlf_at_end.sta": "no :25: account",
        "cmxl/account_balance_credit.sta": "no :25: account",
        "cmxl/account_balance_debit.sta": "no :25: account",
        "cmxl/account_identification_iban.sta": "no :60F:/:60M: opening balance",
        "cmxl/account_identification_legacy.sta": "no :60F:/:60M: opening balance",
        "cmxl/available_balance.sta": "no :25: account",
        "cmxl/closing_balance.sta": "no :25: account",
        "cmxl/reference.sta": "no :25: account",
        "cmxl/statement_details.sta": "currency is unknown",
        "cmxl/statement_line.sta": "currency is unknown",
        "cmxl/statement_number.sta": "no :25: account",
        "self-provided/sparkassen.sta": "currency is unknown",
        "self-provided/empty_non_swift.sta": "no MT940 statement found",
        "self-provided/invalid_statement.sta": "no MT940 statement found",
        // Deutsche Mark: not an active ISO 4217 code (SPEC §2: unknown codes are invalid).
        // February 30: wolph invents a date, recon refuses to.
        "self-provided/february_30.sta": "'160230' is not a calendar date",
        "self-provided/transaction_details_wrapped.sta": "'160230' is not a calendar date",
        "self-provided/wrapped_timestamp.sta": "'160230' is not a calendar date",
    ]

    func testStatementsAgreeWithWolphExpectations() throws {
        let expectations = StatementTestData.files(in: "mt940/wolph").filter { $0.relative.hasSuffix(".yml") }
        try XCTSkipIf(expectations.isEmpty, "shared/testdata/mt940/wolph not found; set RECON_TESTDATA")
        var agreeing = 0
        var rejectedAsExpected = 0
        var problems: [String] = []
        for expectation in expectations {
            let relative = String(expectation.relative.dropLast(4)) + ".sta"
            let name = "wolph/" + relative
            let statementURL = expectation.url.deletingPathExtension().appendingPathExtension("sta")
            let lines: [BankLine]
            let bytes = try StatementTestData.bytes(statementURL)
            do throws(StatementError) {
                lines = try MT940Reader.parse(bytes, fileName: name).flatMap(\.lines)
            } catch {
                if let reason = Self.expectedRejections[relative], error.message.contains(reason) {
                    rejectedAsExpected += 1
                } else {
                    problems.append("\(name): rejected: \(error)")
                }
                continue
            }
            if Self.expectedRejections[relative] != nil {
                problems.append("\(name): parsed, but listed as an expected rejection")
            }
            let expected = try expectedLines(yaml: String(decoding: Data(contentsOf: expectation.url), as: UTF8.self))
            let fileProblems = compareLines(lines, expected, file: name)
            if fileProblems.isEmpty { agreeing += 1 }
            problems += fileProblems
        }
        print("wolph oracle: \(expectations.count) expected outputs: \(agreeing) agree, \(rejectedAsExpected) rejected as listed")
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
    }

    private func expectedLines(yaml: String) throws -> [ExpectedBankLine] {
        let withoutAnchors = yaml
            .replacingOccurrences(of: #"&id[0-9]+ ?"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"\*id[0-9]+"#, with: "null", options: .regularExpression)
        guard let root = try Yams.compose(yaml: withoutAnchors) else { return [] }
        return try (root["transactions"]?.array() ?? []).map { transaction in
            let data = try XCTUnwrap(transaction["data"])
            let currency = try XCTUnwrap(text(data["currency"]).flatMap { Currency.statementCurrency($0)?.currency })
            let amountText = try XCTUnwrap(data["amount"]?["amount"]?.array().first?.string)
            let amount = try XCTUnwrap(minorUnits(amountText, digits: currency.minorDigits), amountText)
            let status = text(data["status"]) ?? ""
            let valueDate = date(data["date"])
            let details = text(data["transaction_details"])
            let isStructured = details.map {
                MT940Description.structuredRemittance($0.replacingOccurrences(of: "\n", with: "")) != nil
            } ?? false
            let customer = text(data["customer_reference"])?.trimmingCharacters(in: .whitespaces)
            let bank = text(data["bank_reference"])?.trimmingCharacters(in: .whitespaces)
            // wolph caps the customer reference at 16 characters *including*
            // a following `//bank-ref` and then drops both, so its references
            // are compared only where it found a plain one; mt940-rs, which
            // reads the same files, is the oracle for references (and agrees).
            let plainCustomer = customer.flatMap { $0.contains("//") || $0.hasSuffix("/") || $0.contains("\n") ? nil : $0 }
            return ExpectedBankLine(
                valueDate: valueDate, bookingDate: date(data["entry_date"]) ?? valueDate,
                amount: amount, magnitudeOnly: status.hasPrefix("R"),
                reference: plainCustomer.map { $0 == "NONREF" || $0.isEmpty ? nil : $0 },
                bankTransactionID: bank.map { $0.isEmpty ? nil : $0 },
                description: isStructured || details?.isEmpty != false || Self.describesStatement(details!) ? nil : details)
        }
    }

    /// wolph appends the statement's own closing `:86:` (ING's `D000004C...`
    /// summary and the `-XXX` trailer) to the last line; recon does not.
    private static func describesStatement(_ details: String) -> Bool {
        details.hasSuffix("-XXX")
    }

    /// A plain `null` scalar is absent; anything else is its text.
    private func text(_ node: Node?) -> String? {
        guard let scalar = node?.scalar else { return nil }
        if scalar.style == .plain && (scalar.string == "null" || scalar.string == "~") { return nil }
        return scalar.string
    }

    /// `mt940.models.Date` is pickled as 4 bytes: year (big-endian), month, day.
    private func date(_ node: Node?) -> CivilDate? {
        guard let encoded = node?.array().first?.string,
            let bytes = Data(base64Encoded: encoded.filter { !$0.isWhitespace }), bytes.count >= 4
        else { return nil }
        let raw = [UInt8](bytes)
        return CivilDate(year: Int(raw[0]) << 8 | Int(raw[1]), month: Int(raw[2]), day: Int(raw[3]))
    }
}
