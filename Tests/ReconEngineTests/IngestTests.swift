import Foundation
import Logging
import ReconCore
import ReconCrypto
import ReconEngine
import XCTest

final class IngestTests: XCTestCase {
    private func ingest(_ scenario: Scenario, _ database: TestDatabase) throws -> IngestReport {
        let (job, keyring) = try scenario.loadJob()
        return try Ingestor(job: job, keyring: keyring, database: database.database, logger: Logger(label: "test"))
            .ingestInbox(wait: false)
    }

    private func standardScenario() throws -> Scenario {
        try Scenario(keys: [
            .init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"]),
            .init(id: "k-window", algorithm: .hmacSHA256, merchants: ["acme"], extraYAML: "    not_before: 2026-06-01T00:00:00Z\n"),
            .init(id: "k-revoked", algorithm: .hmacSHA256, merchants: ["acme"], extraYAML: "    revoked: true\n"),
        ])
    }

    /// Every reason code of SPEC §3.3, each provoked by one crafted record,
    /// reported on the record's physical line.
    func testEveryReasonCodeIsReportedOnItsLine() throws {
        let database = try TestDatabase(test: self)
        let scenario = try standardScenario()
        var missingAmount = try scenario.record("T-missing")
        missingAmount["amount"] = ""
        var tampered = try scenario.record("T-tampered")
        tampered["amount"] = "99.00"
        var badEncoding = try scenario.record("T-encoding")
        badEncoding["signature"] = "not base64!"
        let first = [
            try scenario.record("T-1"),
            try scenario.record("T-2", amount: "12.00"),
            missingAmount,
            try scenario.record("T-currency", currency: "EURO"),
            try scenario.record("T-unknown", key: "k-nope"),
            try scenario.record("T-merchant", merchant: "globex"),
            try scenario.record("T-window", key: "k-window", createdAt: "2026-01-01T00:00:00Z"),
            try scenario.record("T-revoked", key: "k-revoked"),
            badEncoding,
            tampered,
            try scenario.record("T-1"),
        ]
        var csv = FixtureFileWriter.encode(first, format: .csv)
        // A row with too few columns, after the header (becomes line 2).
        let headerEnd = csv.firstIndex(of: 10)! + 1
        csv.insert(contentsOf: Array("only,three,columns\n".utf8), at: headerEnd)
        try scenario.write(csv, to: "inbox/a.csv")
        // A later file: T-1 replayed identically, T-2 with different content.
        try scenario.writeInbox("b.jsonl", [try scenario.record("T-1"), try scenario.record("T-2", amount: "13.00")], format: .jsonl)

        let report = try ingest(scenario, database)
        XCTAssertEqual(report.files.count, 2)
        let rows = try database.connect().execute(
            "select b.file_name, r.line, r.reason from rejected_records r join batches b on b.id = r.batch_id order by b.file_name, r.line")
        let found = (0..<rows.rowCount).map { "\(rows.string(row: $0, column: 0)!):\(rows.string(row: $0, column: 1)!) \(rows.string(row: $0, column: 2)!)" }
        XCTAssertEqual(found, [
            "a.csv:2 MALFORMED", "a.csv:5 MISSING_FIELD", "a.csv:6 INVALID_FIELD", "a.csv:7 UNKNOWN_KEY",
            "a.csv:8 KEY_NOT_FOR_MERCHANT", "a.csv:9 KEY_NOT_VALID_AT", "a.csv:10 KEY_REVOKED",
            "a.csv:11 BAD_SIGNATURE_ENCODING", "a.csv:12 SIGNATURE_MISMATCH", "a.csv:13 DUPLICATE_IN_FILE",
            "b.jsonl:2 CONFLICT",
        ])
        XCTAssertEqual(try database.count("select count(*) from transactions"), 2)
        let counts = try database.connect().execute(
            "select file_name, records_read, settled, duplicates, rejected, status from batches order by file_name")
        XCTAssertEqual(counts.string(row: 0, column: 1), "12")
        XCTAssertEqual(counts.string(row: 0, column: 2), "2")
        XCTAssertEqual(counts.string(row: 0, column: 4), "10")
        XCTAssertEqual(counts.string(row: 1, column: 1), "2")
        XCTAssertEqual(counts.string(row: 1, column: 3), "1")
        XCTAssertEqual(counts.string(row: 1, column: 4), "1")
        XCTAssertEqual(counts.string(row: 1, column: 5), "settled")
        XCTAssertTrue(report.hasProblems)
    }

    /// JSON-specific rejections: a number where a string is required, a
    /// record that is not an object, a line that is not JSON.
    func testJSONLinesRejectionsNameTheProblem() throws {
        let database = try TestDatabase(test: self)
        let scenario = try standardScenario()
        let good = try scenario.record("J-1")
        var lines = FixtureFileWriter.encode([good], format: .jsonl)
        lines += Array("[1,2]\n{\"txn_id\": \n".utf8)
        let numeric = try scenario.record("J-2")
        var numericLine = FixtureFileWriter.encode([numeric], format: .jsonl)
        let text = String(decoding: numericLine, as: UTF8.self).replacingOccurrences(of: "\"amount\":\"10.00\"", with: "\"amount\":10.00")
        numericLine = Array(text.utf8)
        try scenario.write(lines + numericLine, to: "inbox/c.jsonl")
        _ = try ingest(scenario, database)
        let rows = try database.connect().execute("select line, reason, detail from rejected_records order by line")
        XCTAssertEqual(rows.rowCount, 3)
        XCTAssertEqual(rows.string(row: 0, column: 1), "MALFORMED")
        XCTAssertEqual(rows.string(row: 1, column: 1), "MALFORMED")
        XCTAssertEqual(rows.string(row: 2, column: 0), "4")
        XCTAssertEqual(rows.string(row: 2, column: 1), "INVALID_FIELD")
        XCTAssertTrue(rows.string(row: 2, column: 2)!.contains("amount"))
    }

    func testSecondRunOfTheSameInboxSettlesNothingTwice() throws {
        let database = try TestDatabase(test: self)
        let scenario = try standardScenario()
        try scenario.writeInbox("a.csv", try (1...50).map { try scenario.record("T-\($0)") }, format: .csv)
        let first = try ingest(scenario, database)
        XCTAssertEqual(first.totals.settled, 50)
        let second = try ingest(scenario, database)
        XCTAssertEqual(second.totals.settled, 0)
        guard case .duplicateFile = second.files.first?.outcome else {
            return XCTFail("expected the second run to skip the file as already settled")
        }
        XCTAssertFalse(second.hasProblems)
        XCTAssertEqual(try database.count("select count(*) from transactions"), 50)
        XCTAssertEqual(try database.count("select count(*) from batches"), 1)
    }

    /// The same transactions in a file with other bytes: duplicates, not new settlements.
    func testReplayInANewFileCountsAsDuplicates() throws {
        let database = try TestDatabase(test: self)
        let scenario = try standardScenario()
        let records = try (1...20).map { try scenario.record("T-\($0)") }
        try scenario.writeInbox("a.csv", records, format: .csv)
        _ = try ingest(scenario, database)
        try scenario.writeInbox("b.json", records, format: .json)
        let report = try ingest(scenario, database)
        XCTAssertEqual(report.totals.duplicates, 20)
        XCTAssertEqual(report.totals.settled, 0)
        XCTAssertFalse(report.hasProblems)
        XCTAssertEqual(try database.count("select count(*) from transactions"), 20)
    }

    /// Settlement sends rows and keys in segments of 16,384 rows: a replay
    /// and a conflict found in the third segment undo the first two, and the
    /// careful path settles the rest.
    func testReplayInALaterSegmentUndoesTheEarlierSegments() throws {
        let database = try TestDatabase(test: self)
        let scenario = try standardScenario()
        try scenario.writeInbox("a.csv", [try scenario.record("T-old"), try scenario.record("T-changed")], format: .csv)
        XCTAssertEqual(try ingest(scenario, database).totals.settled, 2)
        var records = try (0..<40_000).map { try scenario.record("T-new-\($0)", reference: "PO-\($0 % 9)") }
        records.append(try scenario.record("T-old"))
        records.append(try scenario.record("T-changed", amount: "11.00"))
        try scenario.writeInbox("b.csv", records, format: .csv)
        let report = try ingest(scenario, database)
        XCTAssertEqual(report.totals.settled, 40_000)
        XCTAssertEqual(report.totals.duplicates, 1)
        XCTAssertEqual(report.totals.rejectedByReason, ["CONFLICT": 1])
        XCTAssertEqual(try database.count("select count(*) from transactions"), 40_002)
        XCTAssertEqual(try database.count("select count(*) from transaction_keys"), 40_002)
        XCTAssertEqual(try database.count("select count(*) from transactions where txn_id = 'T-changed' and amount = 1000"), 1)
    }

    /// A settlement reference written precomposed ("é") and decomposed ("e"
    /// + U+0301) is two groups in the database (`collate "C"`), so it is two
    /// groups in the batch's deltas too, not one that Swift's `==` would make.
    func testReferencesThatDifferOnlyInNormalisationAreTwoGroups() throws {
        let database = try TestDatabase(test: self)
        let scenario = try standardScenario()
        try scenario.writeInbox("a.csv", [
            try scenario.record("T-composed", reference: "PO-caf\u{E9}"),
            try scenario.record("T-decomposed", reference: "PO-cafe\u{301}"),
        ], format: .csv)
        XCTAssertEqual(try ingest(scenario, database).totals.settled, 2)
        XCTAssertEqual(try database.count("select count(*) from settlement_groups where txn_count = 1"), 2)
        XCTAssertEqual(try database.count("select count(distinct group_id) from settlement_group_files"), 2)
    }

    /// The fast path writes a batch's chain fingerprints one part per
    /// settlement segment (sql/017); the chain and every row check out
    /// (the teardown's `recon db check`).
    func testFingerprintsAreWrittenOnePartPerSegment() throws {
        let database = try TestDatabase(test: self)
        let scenario = try standardScenario()
        try scenario.writeInbox("a.csv", try (0..<40_000).map { try scenario.record("T-\($0)", reference: "PO-\($0 % 7)") },
            format: .csv)
        XCTAssertEqual(try ingest(scenario, database).totals.settled, 40_000)
        XCTAssertEqual(try database.scalar("select string_agg((octet_length(fingerprints) / 8)::text, ',' order by part) from batch_row_fingerprints"),
            "16384,16384,7232")
        XCTAssertEqual(try database.count("select count(*) from batch_chain where row_count = 40000"), 1)
    }

    /// Every algorithm through every file format, gzip included.
    func testEveryAlgorithmAndFormatSettles() throws {
        let database = try TestDatabase(test: self)
        let algorithms = SignatureAlgorithm.allCases
        let scenario = try Scenario(keys: algorithms.map { .init(id: "k-\($0.rawValue)", algorithm: $0, merchants: ["m-\($0.rawValue)"]) })
        var expected = 0
        for (index, algorithm) in algorithms.enumerated() {
            let records = try (1...5).map {
                try scenario.record("\(algorithm.rawValue)-\($0)", merchant: "m-\(algorithm.rawValue)", key: "k-\(algorithm.rawValue)",
                    amount: "1.500", currency: "BHD")
            }
            expected += records.count
            let format: FixtureFileWriter.Format = [.csv, .json, .jsonl][index % 3]
            let bytes = FixtureFileWriter.encode(records, format: format)
            if index % 2 == 0 {
                try scenario.write(try gzip(bytes), to: "inbox/\(index).\(format.rawValue).gz")
            } else {
                try scenario.write(bytes, to: "inbox/\(index).\(format.rawValue)")
            }
        }
        let report = try ingest(scenario, database)
        XCTAssertEqual(report.totals.rejected, 0, "\(report.files.map { "\($0.name): \($0.outcome)" })")
        XCTAssertEqual(report.totals.settled, Int64(expected))
        XCTAssertEqual(try database.count("select count(*) from transactions where amount = 1500 and currency = 'BHD'"), expected)
    }

    func testDryRunWritesNothing() throws {
        let database = try TestDatabase(test: self)
        let scenario = try standardScenario()
        try scenario.writeInbox("a.csv", [try scenario.record("T-1"), try scenario.record("T-1"), try scenario.record("T-2", key: "k-revoked")], format: .csv)
        let (job, keyring) = try scenario.loadJob()
        let report = try Ingestor(job: job, keyring: keyring, database: database.database, logger: Logger(label: "test")).dryRun()
        XCTAssertEqual(report.totals.read, 3)
        XCTAssertEqual(report.totals.settled, 1)
        XCTAssertEqual(report.totals.rejectedByReason, ["DUPLICATE_IN_FILE": 1, "KEY_REVOKED": 1])
        XCTAssertEqual(try database.count("select count(*) from batches"), 0)
    }

    private func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: bytes)
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }
}
