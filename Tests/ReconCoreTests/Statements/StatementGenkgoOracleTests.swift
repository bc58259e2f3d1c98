import Foundation
import XCTest

@testable import ReconCore

/// genkgo/camt expected outputs (`genkgo/X.json`): a getter dump of the PHP
/// objects. Amounts are `Money` in signed minor units as strings ("885" EUR
/// is 8.85), so they compare exactly with recon's Int64.
final class StatementGenkgoOracleTests: XCTestCase {
    /// Synthetic genkgo files recon rejects on purpose, with recon's reason.
    static let expectedRejections: [String: String] = [
        // The account is in EUR but the CLBD balance is in SEK: the balance
        // cannot be checked, and no real bank reports an account that way.
        "camt053.v2.minimal.xml": "amount in SEK on an account in EUR",
        "camt053.v2.minimal.ultimate.xml": "amount in SEK on an account in EUR",
        "camt053.v2.with-party-ids.xml": "amount in SEK on an account in EUR",
        "camt053.v3.xml": "amount in SEK on an account in EUR",
        "camt053.v4.xml": "amount in SEK on an account in EUR",
        "camt053.v8.xml": "amount in SEK on an account in EUR",
    ]

    func testStatementsAgreeWithGenkgoExpectations() throws {
        let expectations = StatementTestData.files(in: "camt053/genkgo").filter { $0.relative.hasSuffix(".json") }
        try XCTSkipIf(expectations.isEmpty, "shared/testdata/camt053/genkgo not found; set RECON_TESTDATA")
        var agreeing = 0
        var rejectedAsExpected = 0
        var comparedEntries = 0
        var problems: [String] = []
        for expectation in expectations {
            let xmlName = String(expectation.relative.dropLast(5)) + ".xml"
            let name = "genkgo/" + xmlName
            let data = try Data(contentsOf: expectation.url.deletingPathExtension().appendingPathExtension("xml"))
            let statements: [BankStatement]
            do throws(StatementError) {
                statements = try CamtReader.parse(data, fileName: name)
            } catch {
                if let reason = Self.expectedRejections[xmlName], error.message.contains(reason) {
                    rejectedAsExpected += 1
                } else {
                    problems.append("\(name): rejected: \(error)")
                }
                continue
            }
            if Self.expectedRejections[xmlName] != nil {
                problems.append("\(name): parsed, but listed as an expected rejection")
            }
            let oracle = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(contentsOf: expectation.url)) as? [String: Any])
            comparedEntries += (oracle["getEntries"] as? [Any])?.count ?? 0
            let fileProblems = compare(statements, oracle, file: name)
            if fileProblems.isEmpty { agreeing += 1 }
            problems += fileProblems
        }
        print("genkgo oracle: \(expectations.count) expected outputs: \(agreeing) agree (\(comparedEntries) entries), \(rejectedAsExpected) rejected as listed")
        XCTAssertGreaterThan(comparedEntries, 0)
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
    }

    func testDocumentWithoutStatementIsRejected() throws {
        let files = StatementTestData.files(in: "camt053/genkgo").filter { $0.relative == "camt053.v2.wrong.xml" }
        let file = try XCTUnwrap(files.first, "genkgo/camt053.v2.wrong.xml not found")
        XCTAssertThrowsError(try CamtReader.parse(Data(contentsOf: file.url), fileName: "wrong.xml")) { error in
            XCTAssertTrue("\(error)".contains("no <Stmt>"), "\(error)")
        }
    }

    private func compare(_ statements: [BankStatement], _ oracle: [String: Any], file: String) -> [String] {
        var problems: [String] = []
        let records = (oracle["getRecords"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        let entries = (oracle["getEntries"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        // The dump writes each statement in full once (inside its first entry,
        // or in getRecords when it has none) and "__RECURSIVITY__" elsewhere.
        var seenRecords = records
        seenRecords += entries.compactMap { $0["getRecord"] as? [String: Any] }
        for record in seenRecords {
            guard let statement = match(record, in: statements) else {
                problems.append("\(file): no statement for account \(account(of: record)) sequence \(sequence(of: record) ?? "nil")")
                continue
            }
            problems += compareBalances(statement, record, file: file)
        }
        for entry in entries {
            guard let record = entry["getRecord"] as? [String: Any], let statement = match(record, in: statements)
            else { continue }
            let expected = expectedLine(entry, currency: statement.currency)
            let differences = statement.lines.map { expected.differences(from: $0) }
            if !differences.contains(where: \.isEmpty) {
                problems.append("\(file): no line agrees with expected entry; closest: \(differences.min { $0.count < $1.count } ?? ["no lines"])")
            }
        }
        return problems
    }

    private func compareBalances(_ statement: BankStatement, _ record: [String: Any], file: String) -> [String] {
        let balances = (record["getBalances"] as? [[String: Any]]) ?? []
        var problems: [String] = []
        for (type, actual) in [("opening", statement.openingBalance), ("closing", statement.closingBalance)] {
            // genkgo calls both OPBD and PRCD "opening"; OPBD comes first, as recon prefers it.
            guard let balance = balances.first(where: { $0["getType"] as? String == type }),
                let money = balance["getAmount"] as? [String: Any],
                let expected = (money["getAmount"] as? String).flatMap({ Int64($0) })
            else { continue }
            if actual != expected {
                problems.append("\(file): \(type) balance \(actual.map(String.init) ?? "nil") != expected \(expected)")
            }
        }
        return problems
    }

    private func match(_ record: [String: Any], in statements: [BankStatement]) -> BankStatement? {
        statements.first { $0.account == account(of: record) && $0.sequence == sequence(of: record) }
    }

    private func account(of record: [String: Any]) -> String {
        (record["getAccount"] as? [String: Any])?["getIdentification"] as? String ?? ""
    }

    private func sequence(of record: [String: Any]) -> String? {
        record["getElectronicSequenceNumber"] as? String ?? record["getLegalSequenceNumber"] as? String
    }

    private func expectedLine(_ entry: [String: Any], currency: Currency?) -> ExpectedBankLine {
        func day(_ key: String) -> CivilDate? {
            ((entry[key] as? [String: Any])?["0"] as? String).flatMap { CivilDate(iso: String($0.prefix(10))) }
        }
        let money = entry["getAmount"] as? [String: Any]
        let amount = (money?["getAmount"] as? String).flatMap { Int64($0) } ?? Int64.min
        let detail = entry["getTransactionDetail"] as? [String: Any]
        let references = detail?["getReference"] as? [String: Any]
        let endToEnd = references?["getEndToEndId"] as? String
        let remittance = detail?["getRemittanceInformation"] as? [String: Any]
        let creditorReference = (remittance?["getCreditorReferenceInformation"] as? [String: Any])?["getRef"] as? String
        let reference = endToEnd.flatMap { $0 == "NOTPROVIDED" ? nil : $0 } ?? creditorReference
        let bankReference = entry["getAccountServicerReference"] as? String
        return ExpectedBankLine(
            valueDate: day("getValueDate"), bookingDate: day("getBookingDate"), amount: amount,
            reference: .some(reference), bankTransactionID: .some(bankReference), description: nil)
    }
}
