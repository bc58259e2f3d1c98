import Foundation
import Logging
import ReconCore
import ReconEngine
import XCTest

/// Import streams MT940, BAI2 and bank CSV statement by statement into the
/// file's transaction: a refusal after statements were already stored must
/// still leave nothing of the file behind (SPEC §4: a file is imported whole
/// or not at all), and the same file fixed imports once.
final class StatementStreamedImportTests: XCTestCase {
    static func statement(_ number: Int, closing: String = "C261101EUR110,00") -> String {
        ":20:S\(number)\n:25:NL01STREAM0001\n:28C:\(number)/1\n:60F:C261101EUR100,00\n"
            + ":61:2611011101C10,00NTRFPO-\(number)//BK-\(number)\n:86:payout \(number)\n:62F:\(closing)\n-\n"
    }

    func testARefusalLateInTheFileRollsBackTheStatementsBeforeIt() throws {
        let database = try TestDatabase()
        let scenario = try Scenario(keys: [])
        try FileManager.default.createDirectory(atPath: scenario.folder + "/bank", withIntermediateDirectories: true)
        try scenario.write(
            """
            name: streamed
            source: test-psp
            timezone: UTC
            transactions: { path: inbox }
            bank_statements: { path: bank, format: mt940 }
            keyring: keyring.yaml
            reports: { path: reports }
            """, to: "streamed.yaml")
        let job = try JobFile.load(path: scenario.folder + "/streamed.yaml")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        // Statements 1 and 2 are fine; the third's closing balance has no amount (line 23).
        let bad = Self.statement(1) + Self.statement(2) + Self.statement(3, closing: "C261101EUR")
        try scenario.write(bad, to: "bank/a.sta")
        let refused = try StatementIngestor.importInbox(job: job, database: database.database, logger: logger, wait: false)
        XCTAssertEqual(refused.files.map(\.errors.count), [1])
        XCTAssertTrue(refused.files[0].errors[0].hasPrefix("a.sta: line 23: :62F:"), refused.files[0].errors[0])
        XCTAssertEqual(refused.files[0].statements, 0)
        XCTAssertEqual(try database.count("select count(*) from bank_lines where job = 'streamed'"), 0)
        XCTAssertEqual(try database.count("select count(*) from bank_statements where job = 'streamed'"), 0)
        XCTAssertEqual(try database.count("select count(*) from bank_files where job = 'streamed'"), 0)

        try scenario.write(Self.statement(1) + Self.statement(2) + Self.statement(3), to: "bank/a.sta")
        let imported = try StatementIngestor.importInbox(job: job, database: database.database, logger: logger, wait: false)
        XCTAssertEqual(imported.errorCount, 0, "\(imported.files.flatMap(\.errors))")
        XCTAssertEqual(imported.files.map(\.statements), [3])
        XCTAssertEqual(try database.count("select count(*) from bank_lines where job = 'streamed'"), 3)
    }
}
