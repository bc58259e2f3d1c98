import Foundation
import XCTest

@testable import ReconCore

/// svenstaro/mt940-rs expected outputs (`mt940-rs/full/**/X.json`): plain
/// JSON, one object per statement, amounts as decimal strings.
final class StatementMT940RsOracleTests: XCTestCase {
    func testStatementsAgreeWithMT940RsExpectations() throws {
        let pairs = StatementTestData.files(in: "mt940/mt940-rs/full").filter { $0.relative.hasSuffix(".json") }
        try XCTSkipIf(pairs.isEmpty, "shared/testdata/mt940/mt940-rs not found; set RECON_TESTDATA")
        var agreeing = 0
        var problems: [String] = []
        for pair in pairs {
            let statementURL = pair.url.deletingPathExtension().appendingPathExtension("sta")
            let name = "mt940-rs/full/" + pair.relative
            let expected = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(contentsOf: pair.url)) as? [[String: Any]])
            let statements: [BankStatement]
            do {
                statements = try MT940Reader.parse(StatementTestData.bytes(statementURL), fileName: name)
            } catch {
                problems.append("\(name): rejected: \(error)")
                continue
            }
            let fileProblems = compare(statements, expected, file: name)
            if fileProblems.isEmpty { agreeing += 1 }
            problems += fileProblems
        }
        print("mt940-rs oracle: \(agreeing) of \(pairs.count) files agree")
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
    }

    private func compare(_ statements: [BankStatement], _ expected: [[String: Any]], file: String) -> [String] {
        var problems: [String] = []
        guard statements.count == expected.count else {
            return ["\(file): \(statements.count) statements, expected \(expected.count)"]
        }
        var expectedLines: [ExpectedBankLine] = []
        for (statement, oracle) in zip(statements, expected) {
            let digits = statement.currency?.minorDigits ?? 2
            if let account = oracle["account_id"] as? String, account != statement.account {
                problems.append("\(file): account \(statement.account) != expected \(account)")
            }
            for (key, actual) in [("opening_balance", statement.openingBalance), ("closing_balance", statement.closingBalance)] {
                guard let balance = oracle[key] as? [String: Any], let text = balance["amount"] as? String,
                    let magnitude = minorUnits(text, digits: digits)
                else { continue }
                let sign: Int64 = (balance["debit_credit_indicator"] as? String) == "Debit" ? -1 : 1
                if actual != sign * magnitude {
                    problems.append("\(file): \(key) \(actual.map(String.init) ?? "nil") != expected \(sign * magnitude)")
                }
            }
            for line in oracle["statement_lines"] as? [[String: Any]] ?? [] {
                expectedLines.append(expectedLine(line, digits: digits))
            }
        }
        return problems + compareLines(statements.flatMap(\.lines), expectedLines, file: file)
    }

    private func expectedLine(_ line: [String: Any], digits: Int) -> ExpectedBankLine {
        let indicator = line["ext_debit_credit_indicator"] as? String ?? ""
        let magnitude = minorUnits(line["amount"] as? String ?? "", digits: digits) ?? Int64.min
        let valueDate = (line["value_date"] as? String).flatMap(CivilDate.init(iso:))
        let entryDate = (line["entry_date"] as? String).flatMap(CivilDate.init(iso:))
        let customer = (line["customer_ref"] as? String).map { $0.trimmingCharacters(in: .whitespaces) }
        let bank = (line["bank_ref"] as? String).map { $0.trimmingCharacters(in: .whitespaces) }
        let information = line["information_to_account_owner"] as? String
        let isStructured = information.map { MT940Description.structuredRemittance($0.replacingOccurrences(of: "\n", with: "")) != nil } ?? false
        return ExpectedBankLine(
            valueDate: valueDate, bookingDate: entryDate ?? valueDate,
            amount: indicator == "Debit" ? -magnitude : magnitude,
            magnitudeOnly: indicator.hasPrefix("Reverse"),
            reference: .some(customer == "NONREF" || customer?.isEmpty == true ? nil : customer),
            bankTransactionID: .some(bank?.isEmpty == true ? nil : bank),
            description: isStructured ? nil : information)
    }
}
