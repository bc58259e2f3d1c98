import Foundation
import Logging
import ReconCore
import ReconEngine
import XCTest

/// The hostile camt.053 shapes of issue 15 as an operator meets them: the
/// built `recon statement show` exits 65 naming the limit, the line and the
/// element, and an import through PostgreSQL refuses the bank file and
/// stores nothing of it while the inbox's good file is stored.
final class StatementLimitsEndToEndTests: XCTestCase {
    static let good = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>1</Id>
        <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
        <Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-20</Dt></BookgDt><AddtlNtryInf>INFO</AddtlNtryInf></Ntry>
        </Stmt></BkToCstmrStmt></Document>

        """

    static let hostile: [(name: String, text: String, message: String)] = [
        ("dtd.xml", good.replacingOccurrences(of: "?>\n", with: "?>\n<!DOCTYPE Document [<!ENTITY e \"x\">]>\n"),
         "dtd.xml: line 2, (outside the root element): camt.053 files carry no DTD: '<!DOCTYPE' is refused"),
        ("deep.xml", good.replacingOccurrences(of: "INFO", with: String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)),
         "deep.xml: line 4, Document/BkToCstmrStmt/Stmt/Ntry/…(57 more)…/a/a/a/a: element <a> is nested 65 deep, over the limit of 64 (camt.053 needs about 14)"),
        ("long.xml", good.replacingOccurrences(of: "INFO", with: String(repeating: "x", count: 3 << 20)),
         "long.xml: line 4, Document/BkToCstmrStmt/Stmt/Ntry/AddtlNtryInf: text of element AddtlNtryInf is longer than the limit of 64 KiB per element"),
    ]

    func testStatementShowExits65NamingTheLimitLineAndElement() throws {
        let folder = NSTemporaryDirectory() + "recon-limits-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for shape in Self.hostile {
            try shape.text.write(toFile: folder + "/" + shape.name, atomically: true, encoding: .utf8)
            let result = try ReconCommand.run(["statement", "show", folder + "/" + shape.name])
            XCTAssertEqual(result.status, 65, shape.name)
            XCTAssertEqual(result.stdout, "", shape.name)
            XCTAssertTrue(result.stderr.contains(folder + "/" + shape.message), "\(shape.name): \(result.stderr.prefix(400))")
        }
        try Self.good.write(toFile: folder + "/good.xml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try ReconCommand.run(["statement", "show", folder + "/good.xml"]).status, 0)
    }

    func testImportRefusesTheHostileFileAndKeepsTheGoodOne() throws {
        let database = try TestDatabase()
        let scenario = try Scenario(keys: [])
        try FileManager.default.createDirectory(atPath: scenario.folder + "/bank", withIntermediateDirectories: true)
        try scenario.write(
            """
            name: test-job
            source: test-psp
            timezone: UTC
            transactions: { path: inbox }
            bank_statements: { path: bank, format: auto }
            keyring: keyring.yaml
            reports: { path: reports }
            """, to: "job.yaml")
        for shape in Self.hostile { try scenario.write(shape.text, to: "bank/" + shape.name) }
        try scenario.write(Self.good, to: "bank/good.xml")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let report = try StatementIngestor.importInbox(
            job: try JobFile.load(path: scenario.jobPath), database: database.database, logger: logger, wait: false)
        let refused = Dictionary(uniqueKeysWithValues: report.files.map { ($0.name, $0.errors) })
        for shape in Self.hostile { XCTAssertEqual(refused[shape.name], [shape.message], shape.name) }
        XCTAssertEqual(refused["good.xml"], [])
        XCTAssertEqual(try database.count("select count(*) from bank_lines"), 1)
        XCTAssertEqual(try database.count("select count(*) from bank_files"), 1)
    }
}
