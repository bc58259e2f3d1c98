import Foundation
import Logging
import ReconCore
import ReconCrypto
import ReconEngine
import XCTest

/// Hostile and broken input, each with an exact expected outcome: nothing
/// crashes, memory stays bounded, every record is accounted for, and what a
/// file says never reaches SQL, spreadsheets or browsers as code.
final class HostileInputTests: XCTestCase {
    private func ingest(_ scenario: Scenario, _ database: TestDatabase) throws -> IngestReport {
        let (job, keyring) = try scenario.loadJob()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try Ingestor(job: job, keyring: keyring, database: database.database, logger: logger).ingestInbox(wait: false)
    }

    private func hmacScenario() throws -> Scenario {
        try Scenario(keys: [
            .init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"]),
            .init(id: "k-other", algorithm: .hmacSHA256, merchants: ["globex"]),
        ])
    }

    private func reasons(_ database: TestDatabase) throws -> [String] {
        let rows = try database.connect().execute("select line, reason from rejected_records order by batch_id, line")
        return (0..<rows.rowCount).map { "\(rows.string(row: $0, column: 0)!) \(rows.string(row: $0, column: 1)!)" }
    }

    // MARK: Signatures

    /// An RSA/EC public key's PEM bytes cannot become an HMAC secret: the
    /// keyring is refused before anything is read.
    func testPublicKeyPEMAsHMACSecretIsRefusedByConstruction() throws {
        let scenario = try Scenario(keys: [.init(id: "k-ec", algorithm: .ecdsaP256SHA256, merchants: ["acme"])])
        let pem = try String(contentsOfFile: scenario.folder + "/keys/k-ec.pem", encoding: .utf8)
        try scenario.write(Base64.encode(Array(pem.utf8)), to: "keys/confused.hmac", mode: 0o600)
        try scenario.write(
            "keys:\n  - id: k-ec\n    alg: hmac-sha256\n    secret_file: keys/confused.hmac\n    merchants: [acme]\n",
            to: "keyring.yaml")
        XCTAssertThrowsError(try scenario.loadJob()) { error in
            XCTAssertTrue(error is ConfigurationError, "\(error)")
            XCTAssertTrue("\(error)".contains("k-ec"), "\(error)")
            XCTAssertFalse("\(error)".contains("BEGIN PUBLIC KEY"))
        }
        // And a public key file given for an HMAC key is refused as configuration.
        try scenario.write(
            "keys:\n  - id: k-ec\n    alg: hmac-sha256\n    public_key_file: keys/k-ec.pem\n    merchants: [acme]\n",
            to: "keyring.yaml")
        XCTAssertThrowsError(try scenario.loadJob())
    }

    func testSignatureAttacksGetTheirReasonCodes() throws {
        let database = try TestDatabase(test: self)
        let scenario = try hmacScenario()
        // Another merchant's valid key signing for acme.
        let foreign = try scenario.record("X-1", key: "k-other")
        // Truncated base64 (not a multiple of 4), padding removed, padding added, whitespace inside.
        let valid = try scenario.record("X-2")
        let signature = valid["signature"]!
        var truncated = try scenario.record("X-3"); truncated["signature"] = String(truncated["signature"]!.dropLast(3))
        var unpadded = try scenario.record("X-4"); unpadded["signature"] = signature.replacingOccurrences(of: "=", with: "")
        var overpadded = try scenario.record("X-5"); overpadded["signature"] = signature + "===="
        var spaced = try scenario.record("X-6"); spaced["signature"] = " " + signature
        // Valid base64 of a shorter tag: decodes, but is not the full 32-byte tag.
        var shortTag = try scenario.record("X-7"); shortTag["signature"] = String(signature.prefix(40))
        // Path characters in key_id never touch the file system.
        let traversal = try scenario.record("X-8", key: "../../../etc/passwd")
        let nulKey = try scenario.record("X-9", key: "k-hmac\u{0}")
        try scenario.writeInbox(
            "a.jsonl", [foreign, valid, truncated, unpadded, overpadded, spaced, shortTag, traversal, nulKey], format: .jsonl)
        let report = try ingest(scenario, database)
        XCTAssertEqual(report.totals.settled, 1)
        XCTAssertEqual(try reasons(database), [
            "1 KEY_NOT_FOR_MERCHANT", "3 BAD_SIGNATURE_ENCODING", "4 BAD_SIGNATURE_ENCODING",
            "5 BAD_SIGNATURE_ENCODING", "6 BAD_SIGNATURE_ENCODING", "7 SIGNATURE_MISMATCH", "8 UNKNOWN_KEY",
            "9 INVALID_FIELD",
        ])
    }

    // MARK: Input

    func testTenMillionColumnsAndAOneGigabyteFieldAreRejectedWithBoundedMemoryAndTheRunContinues() throws {
        let database = try TestDatabase(test: self)
        let scenario = try hmacScenario()
        // Written in blocks: the 1 GiB field never sits in this test's memory either.
        let path = scenario.inbox + "/a.csv"
        FileManager.default.createFile(atPath: path, contents: nil)
        let file = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try file.write(contentsOf: FixtureFileWriter.encode([try scenario.record("Y-1")], format: .csv))
        try file.write(contentsOf: [UInt8](repeating: UInt8(ascii: ","), count: 10_000_000) + [10])
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: 8 << 20)
        // 1 GiB where the disk has room for it; a machine short of disk still
        // checks the same bound with 64 MiB rather than failing on ENOSPC.
        let blocks = Self.freeDiskBytes(at: scenario.folder) > 4 << 30 ? 128 : 8
        for _ in 0..<blocks { try file.write(contentsOf: block) }
        try file.write(contentsOf: [10])
        try file.write(contentsOf: FixtureFileWriter.encode([try scenario.record("Y-2")], format: .csv).drop { $0 != 10 }.dropFirst())
        try file.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let peakBefore = Self.peakResidentMegabytes()
        let report = try ingest(scenario, database)
        // The whole process's high-water mark may not grow by anything like
        // the 1 GiB field: the reader skips it without keeping it.
        XCTAssertLessThan(Self.peakResidentMegabytes() - peakBefore, 200)
        XCTAssertEqual(report.totals.read, 4)
        XCTAssertEqual(report.totals.settled, 2)
        XCTAssertEqual(try reasons(database), ["3 MALFORMED", "4 MALFORMED"])
        let details = try database.connect().execute("select detail from rejected_records order by line")
        XCTAssertEqual(details.string(row: 0, column: 0), "too many fields")
        XCTAssertTrue(details.string(row: 1, column: 0)!.hasPrefix("field too long"))
    }

    func testDeepNestingInvalidUTF8AndNULAreMalformedNotCrashes() throws {
        let database = try TestDatabase(test: self)
        let scenario = try hmacScenario()
        var lines = FixtureFileWriter.encode([try scenario.record("Z-1")], format: .jsonl)
        lines += Array(String(repeating: "[", count: 100_000).utf8) + [10]
        lines += [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D, 10]  // {"\xFF\xFE":1}
        lines += Array("{\"txn_id\":\"a\u{0}b\"}\n".utf8)
        var withNUL = try scenario.record("Z-2")
        withNUL["note"] = "x\u{0}y"
        lines += FixtureFileWriter.encode([try withNUL.signed(with: scenario.signers["k-hmac"]!)], format: .jsonl)
        try scenario.write(lines, to: "inbox/a.jsonl")
        var csv = FixtureFileWriter.encode([try scenario.record("Z-3")], format: .csv)
        csv += Array("Z-4,acme,payment,1.00,EUR,2026-11-19T10:00:00Z,2026-11-20,PO-1,k-hmac,\u{0}\n".utf8)
        csv += [0xC3, 0x28, 0x2C, 10]
        try scenario.write(csv, to: "inbox/b.csv")
        let report = try ingest(scenario, database)
        XCTAssertEqual(report.totals.settled, 2, "\(report.files)")
        XCTAssertEqual(report.totals.read, 8)
        XCTAssertEqual(try reasons(database), [
            "2 MALFORMED", "3 MALFORMED", "4 MALFORMED", "5 INVALID_FIELD", "3 MALFORMED", "4 MALFORMED",
        ])
    }

    func testGzipBombIsRefusedAndOtherFilesStillSettle() throws {
        let database = try TestDatabase(test: self)
        let scenario = try hmacScenario()
        // A JSON array of 1 GiB of spaces gzips to about 1 MiB: a ratio of
        // ~1000, far beyond any real transaction file.
        let bomb = scenario.folder + "/inbox/bomb.json.gz"
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = [
            "-c", "(printf '['; head -c 1073741824 /dev/zero | tr '\\0' ' '; printf ']') | gzip -9 > \"$0\"", bomb,
        ]
        try shell.run()
        shell.waitUntilExit()
        try scenario.writeInbox("good.csv", [try scenario.record("G-1")], format: .csv)
        let report = try ingest(scenario, database)
        let bombOutcome = report.files.first { $0.name == "bomb.json.gz" }!.outcome
        guard case .failed(let message) = bombOutcome else { return XCTFail("expected the bomb to fail: \(bombOutcome)") }
        XCTAssertTrue(message.contains("decompression bomb"), message)
        XCTAssertEqual(report.totals.settled, 1)
        XCTAssertEqual(try database.scalar("select status from batches where file_name = 'bomb.json.gz'"), "failed")
    }

    func testHostileFileNamesAndSymlinks() throws {
        let database = try TestDatabase(test: self)
        let scenario = try hmacScenario()
        try scenario.writeInbox("a b\nc;'--.csv", [try scenario.record("N-1")], format: .csv)
        let outside = scenario.folder + "/outside.csv"
        try Data(FixtureFileWriter.encode([try scenario.record("N-2")], format: .csv)).write(to: URL(fileURLWithPath: outside))
        try FileManager.default.createSymbolicLink(atPath: scenario.inbox + "/link.csv", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: scenario.inbox + "/up.csv", withDestinationPath: "../outside.csv")
        let report = try ingest(scenario, database)
        XCTAssertEqual(report.totals.settled, 1)
        let refused = report.files.filter { if case .refused = $0.outcome { true } else { false } }.map(\.name).sorted()
        XCTAssertEqual(refused, ["link.csv", "up.csv"])
        XCTAssertEqual(try database.scalar("select file_name from batches"), "a b\nc;'--.csv")
        XCTAssertEqual(try database.count("select count(*) from transactions where txn_id = 'N-2'"), 0)
    }

    func testXMLBillionLaughsAndExternalEntitiesAreNotExpanded() throws {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE Document [
              <!ENTITY a "ha">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
              <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
              <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
              <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
              <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
              <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
            ]>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
            <Acct><Id><IBAN>&h;</IBAN></Id><Ccy>EUR</Ccy></Acct></Stmt></BkToCstmrStmt></Document>
            """
        let secretPath = NSTemporaryDirectory() + "recon-xxe-\(UUID().uuidString)"
        try "TOP-SECRET-CONTENT".write(toFile: secretPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: secretPath) }
        let external = """
            <?xml version="1.0"?>
            <!DOCTYPE Document [ <!ENTITY xxe SYSTEM "file://\(secretPath)"> ]>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
            <Acct><Id><IBAN>&xxe;</IBAN></Id><Ccy>EUR</Ccy></Acct>
            <Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-18</Dt></BookgDt>
            <NtryDtls><TxDtls><Refs><EndToEndId>&xxe;</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>
            </Stmt></BkToCstmrStmt></Document>
            """
        for document in [laughs, external] {
            let started = Date()
            do {
                let statements = try StatementReader.parse(Array(document.utf8), fileName: "hostile.xml", format: .camt053)
                let printed = StatementPrinter.render(statements).lines.joined()
                XCTAssertFalse(printed.contains("TOP-SECRET-CONTENT"), "external entity was read")
                XCTAssertFalse(printed.contains("hahaha"), "entities were expanded")
            } catch {
                XCTAssertFalse("\(error)".contains("TOP-SECRET-CONTENT"))
            }
            XCTAssertLessThan(Date().timeIntervalSince(started), 10, "no exponential expansion")
        }
    }

    // MARK: Injection

    func testInjectionTextIsStoredVerbatimAndInertInEveryReport() throws {
        let database = try TestDatabase(test: self)
        let scenario = try hmacScenario()
        let sqlID = "X'); DROP TABLE transactions; --"
        let formulaID = "=HYPERLINK(\"http://evil\",\"x\")"
        let htmlID = "<script>alert(1)</script>"
        var bad = try scenario.record("@SUM(A1)", amount: "1.00")
        bad["amount"] = "2.00"  // signature no longer matches: rejected, and its id lands in rejected.csv
        try scenario.writeInbox("a.csv", [
            try scenario.record(sqlID), try scenario.record(formulaID, reference: "+PO-2"), try scenario.record(htmlID), bad,
        ], format: .csv)
        try scenario.write(
            """
            name: test-job
            source: test-psp
            transactions: { path: inbox }
            bank_statements: { path: bank }
            keyring: keyring.yaml
            reports: { path: reports }
            """, to: "job.yaml")
        try FileManager.default.createDirectory(atPath: scenario.folder + "/bank", withIntermediateDirectories: true)
        try scenario.write(
            "account,booking_date,value_date,amount,currency,reference,description,bank_txn_id\n"
                + "-ACCT,2026-11-01,2026-11-01,5.00,EUR,=cmd|' /C calc'!A0,<img src=x onerror=alert(1)>,@id\n",
            to: "bank/b.csv")
        let (job, keyring) = try scenario.loadJob()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        _ = try JobRunner(job: job, keyring: keyring, database: database.database, logger: logger, progress: nil)
            .run(runDate: CivilDate(iso: "2026-11-30")!, wait: false)
        XCTAssertEqual(try database.count("select count(*) from transactions where txn_id = $1", [.text(sqlID)]), 1)
        XCTAssertEqual(try database.count("select count(*) from transactions where txn_id = $1", [.text(htmlID)]), 1)
        let folder = scenario.folder + "/reports/test-job/2026-11-30/"
        let mismatches = try String(contentsOfFile: folder + "mismatches.csv", encoding: .utf8)
        let rejected = try String(contentsOfFile: folder + "rejected.csv", encoding: .utf8)
        let html = try String(contentsOfFile: folder + "report.html", encoding: .utf8)
        XCTAssertTrue(rejected.contains(",'@SUM(A1),"), rejected)
        XCTAssertTrue(mismatches.contains("'=cmd|' /C calc'!A0") || mismatches.contains("\"'=cmd|' /C calc'!A0\""), mismatches)
        XCTAssertTrue(mismatches.contains("'-ACCT"), mismatches)
        XCTAssertTrue(mismatches.contains("'+PO-2"), mismatches)
        for line in (mismatches + rejected).split(separator: "\n") {
            for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                let text = cell.hasPrefix("\"") ? cell.dropFirst() : cell[...]
                if let first = text.first, "=+@".contains(first) { XCTFail("unprotected formula cell: \(cell)") }
            }
        }
        XCTAssertFalse(html.contains("<script>alert"), "HTML is escaped")
        XCTAssertFalse(html.contains("<img src=x"), "HTML is escaped")
        XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;") || !html.contains("onerror"), "escaped or absent")
        let json = try String(contentsOfFile: folder + "mismatches.json", encoding: .utf8)
        XCTAssertTrue(json.contains("=cmd|' /C calc'!A0"), "JSON carries text unchanged")
    }

    // MARK: Secrets

    /// A full run's logs, errors and reports contain no HMAC secret and no
    /// database password; secret files readable by others draw a warning.
    func testSecretsNeverReachLogsReportsOrErrors() throws {
        let database = try TestDatabase(test: self)
        let scenario = try hmacScenario()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: scenario.folder + "/keys/k-hmac.hmac")
        var tampered = try scenario.record("S-2")
        tampered["amount"] = "11.00"
        try scenario.writeInbox("a.csv", [try scenario.record("S-1"), tampered], format: .csv)
        let password = ProcessInfo.processInfo.environment["PGPASSWORD"] ?? ""
        var components = URLComponents(string: database.url)!
        components.password = password.isEmpty ? "x" : password
        let secrets = try ["k-hmac", "k-other"].map {
            try String(contentsOfFile: scenario.folder + "/keys/\($0).hmac", encoding: .utf8)
        }
        var everything = ""
        for arguments in [
            ["run", scenario.jobPath, "--date", "2026-11-25", "--database-url", components.string!],
            ["run", scenario.jobPath, "--date", "2026-11-25", "--database-url", components.string!, "--log-format", "json"],
            ["keys", "check", scenario.jobPath],
            ["ingest", scenario.jobPath, "--database-url", "postgresql://recon:\(password.isEmpty ? "x" : password)@127.0.0.1:1/recon"],
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: RepositoryPaths.reconExecutable)
            process.arguments = arguments
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            everything += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            everything += String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
        }
        let reports = scenario.folder + "/reports/test-job/2026-11-25"
        for name in try FileManager.default.contentsOfDirectory(atPath: reports) {
            everything += try String(contentsOfFile: reports + "/" + name, encoding: .utf8)
        }
        XCTAssertTrue(everything.contains("readable by group or others"), "permissive secret file warned about")
        XCTAssertTrue(everything.contains("SIGNATURE_MISMATCH"), "the run really happened")
        for secret in secrets {
            let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertFalse(everything.contains(trimmed), "an HMAC secret leaked")
            XCTAssertFalse(everything.contains(Hex.encode(Base64.decodeStrict(trimmed)!)), "an HMAC secret leaked as hex")
        }
        if !password.isEmpty { XCTAssertFalse(everything.contains(password), "the database password leaked") }
    }

    private static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }

    private static func freeDiskBytes(at path: String) -> Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }
}
