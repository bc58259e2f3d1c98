import Foundation
import Logging
import ReconCore
import ReconCrypto
import ReconEngine
import XCTest

/// The shipped demo night (fixtures/) in a temporary folder, run against a
/// test database night after night: the base of the exception and rerun
/// tests.
final class DemoJob {
    let folder: String
    let database: TestDatabase
    var jobPath: String { folder + "/job.yaml" }

    init(database: TestDatabase) throws {
        self.database = database
        folder = NSTemporaryDirectory() + "recon-demo-\(UUID().uuidString)"
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for item in ["keyring.yaml", "keys", "inbox"] {
            try manager.copyItem(atPath: RepositoryPaths.root + "/fixtures/" + item, toPath: folder + "/" + item)
        }
        for name in try manager.contentsOfDirectory(atPath: folder + "/keys") {
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/keys/" + name)
        }
        try """
            name: nightly
            source: acme-psp
            timezone: Europe/Berlin
            transactions: { path: inbox/transactions }
            bank_statements: { path: inbox/bank, format: auto }
            keyring: keyring.yaml
            reconcile: { window_days: 3 }
            reports: { path: reports }
            """.write(toFile: jobPath, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    @discardableResult
    func run(_ date: String) throws -> JobRunner.Outcome {
        let job = try JobFile.load(path: jobPath)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return try JobRunner(
            job: job, keyring: try Keyring.load(path: job.keyringPath), database: database.database, logger: logger,
            progress: nil
        ).run(runDate: CivilDate(iso: date)!, wait: false)
    }

    /// The `recon` binary on this job and database.
    func recon(_ arguments: [String], asRole role: String? = nil) throws -> ReconCommand.Result {
        let url = role.map { database.database(asRole: $0).url! } ?? database.url
        return try ReconCommand.run(arguments.map { $0 == "JOB" ? jobPath : $0 } + ["--database-url", url])
    }

    func report(_ date: String, _ name: String) throws -> String {
        try String(contentsOfFile: "\(folder)/reports/nightly/\(date)/\(name)", encoding: .utf8)
    }

    /// mismatches.csv of `date` as rows of cells (header dropped).
    func mismatchCells(_ date: String) throws -> [[String]] {
        try CSVRows.parse(report(date, "mismatches.csv")).dropFirst().map { $0 }
    }

    /// The exception id column of the row of `kind` whose settlement_ref (or bank amount) is `key`.
    func exceptionID(_ date: String, kind: String, _ key: String) throws -> String {
        let header = MismatchReport.columns
        let row = try mismatchCells(date).first { cells in
            cells[0] == kind && (cells[1] == key || cells[header.firstIndex(of: "bank_amount")!] == key)
        }
        return try XCTUnwrap(row, "no \(kind) \(key) in mismatches.csv of \(date)")[header.firstIndex(of: "exception_id")!]
    }

    func summary(_ date: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(report(date, "summary.json").utf8)) as! [String: Any]
    }

    /// Signs `fields` with the fixture key `keyID` (HMAC keys only) and drops the file in the inbox.
    func addTransactions(_ name: String, key keyID: String, algorithm: SignatureAlgorithm, _ records: [[(String, String)]])
        throws
    {
        let secretText = try String(contentsOfFile: folder + "/keys/\(keyID).hmac", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let key = try SigningKey(hmacSecret: Base64.decodeStrict(secretText)!, algorithm: algorithm)
        let signed = try records.map { try FixtureRecord($0 + [("key_id", keyID)]).signed(with: key) }
        try FixtureFileWriter.write(signed, format: .csv, to: folder + "/inbox/transactions/" + name)
    }

    func addBankFile(_ name: String, _ text: String) throws {
        try text.write(toFile: folder + "/inbox/bank/" + name, atomically: true, encoding: .utf8)
    }
}

/// A small RFC 4180 reader for reading reports back in tests (quotes,
/// doubled quotes, newlines inside quotes).
enum CSVRows {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            if quoted {
                if character == "\"" {
                    if index < text.endIndex, text[index] == "\"" {
                        cell.append("\"")
                        index = text.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(cell)
                cell = ""
            } else if character == "\n" {
                row.append(cell)
                rows.append(row)
                row = []
                cell = ""
            } else {
                cell.append(character)
            }
        }
        if !cell.isEmpty || !row.isEmpty { rows.append(row + [cell]) }
        return rows
    }
}
