import ArgumentParser
import Foundation
import ReconCore
import ReconEngine

/// The demo night: transaction files from three providers' formats, every
/// algorithm, four currencies, and a few records that must be rejected.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Write the demo night's transaction files.")

    @Option(help: "Fixture keyring (from `keys`).") var keyring: String
    @Option(help: "Folder for the transaction files.") var out: String

    func run() throws {
        let signers = try FixtureSigners(keyring: keyring)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        func record(
            _ id: String, _ merchant: String, _ type: String, _ amount: String, _ currency: String,
            _ reference: String, key: String, date: String = "2026-11-17", extra: [(String, String)] = []
        ) throws -> FixtureRecord {
            var fields: [(name: String, value: String)] = [
                ("txn_id", id), ("merchant_id", merchant), ("type", type), ("amount", amount), ("currency", currency),
                ("created_at", "2026-11-16T14:03:27+01:00"), ("settlement_date", date), ("settlement_ref", reference),
                ("key_id", key),
            ]
            fields += extra.map { (name: $0.0, value: $0.1) }
            return try FixtureRecord(fields).signed(with: try signers.key(key))
        }

        // acme (EUR, HMAC-SHA-256) and stark (EUR, HMAC-SHA-512): CSV.
        var acme = [
            try record("A-1001", "acme", "payment", "100.00", "EUR", "PO-ACME-1117", key: "acme-hmac-2026", extra: [("order", "ord-77")]),
            try record("A-1002", "acme", "payment", "250.50", "EUR", "PO-ACME-1117", key: "acme-hmac-2026", extra: [("order", "ord-78")]),
            try record("A-1003", "acme", "refund", "-20.00", "EUR", "PO-ACME-1117", key: "acme-hmac-2026", extra: [("order", "ord-12")]),
            try record("A-1004", "acme", "fee", "-3.1", "EUR", "PO-ACME-1117", key: "acme-hmac-2026", extra: [("order", "")]),
            try record("A-1005", "acme", "payment", "1200.00", "EUR", "PO-ACME-1117-S", key: "acme-hmac-2026", extra: [("order", "ord-80")]),
            try record("S-2001", "stark", "payment", "999.99", "EUR", "PO-STARK-1117", key: "stark-hmac512-2026", extra: [("order", "ord, \"quoted\"\nmultiline")]),
            try record("S-2002", "stark", "chargeback", "-50.00", "EUR", "PO-STARK-1117", key: "stark-hmac512-2026", extra: [("order", "cb-1")]),
        ]
        // Rejected on purpose: a tampered amount, a revoked key, an empty amount.
        var tampered = try record("A-1006", "acme", "payment", "10.00", "EUR", "PO-ACME-1117", key: "acme-hmac-2026", extra: [("order", "ord-81")])
        tampered["amount"] = "1000.00"
        acme.append(tampered)
        acme.append(try record("A-1007", "acme", "payment", "5.00", "EUR", "PO-ACME-1117", key: "acme-hmac-2025", extra: [("order", "ord-82")]))
        var missing = try record("A-1008", "acme", "payment", "7.00", "EUR", "PO-ACME-1117", key: "acme-hmac-2026", extra: [("order", "ord-83")])
        missing["amount"] = ""
        acme.append(missing)
        try FixtureFileWriter.write(acme, format: .csv, to: path("2026-11-17_acme.csv"))

        // globex (USD, ECDSA P-256) and wayne (USD, ECDSA P-384): JSON Lines.
        let lines = [
            try record("G-3001", "globex", "payment", "75.25", "USD", "PO-GLOBEX-1117", key: "globex-ec-1"),
            try record("G-3002", "globex", "payment", "24.75", "USD", "PO-GLOBEX-1117", key: "globex-ec-1"),
            try record("G-3003", "globex", "adjustment", "-1.00", "USD", "PO-GLOBEX-1117", key: "globex-ec-1"),
            try record("W-4001", "wayne", "payment", "5000.00", "USD", "PO-WAYNE-1117", key: "wayne-ec384-1"),
            // Signed by a key that may not sign for this merchant.
            try record("W-4002", "globex", "payment", "1.00", "USD", "PO-GLOBEX-1117", key: "wayne-ec384-1"),
        ]
        try FixtureFileWriter.write(lines, format: .jsonl, to: path("2026-11-17_globex.jsonl"))

        // initech (JPY, Ed25519), umbrella (BHD, RSA-PSS), hooli (EUR, RSA PKCS#1): gzipped JSON array.
        let array = [
            try record("I-5001", "initech", "payment", "12000", "JPY", "PO-INITECH-1117", key: "initech-ed-1"),
            try record("I-5002", "initech", "refund", "-2000", "JPY", "PO-INITECH-1117", key: "initech-ed-1"),
            try record("U-6001", "umbrella", "payment", "12.345", "BHD", "PO-UMBRELLA-1117", key: "umbrella-pss-1"),
            try record("H-7001", "hooli", "payment", "42.00", "EUR", "PO-HOOLI-1117", key: "hooli-rsa-1"),
        ]
        let json = FixtureFileWriter.encode(array, format: .json)
        try Gzip.write(json, to: path("2026-11-17_initech.json.gz"))
        // Two groups of the same amount the next day: a bank line without a
        // reference cannot tell them apart (AMBIGUOUS_MATCH).
        let nextDay = [
            try record("A-1101", "acme", "payment", "15.00", "EUR", "PO-ACME-1118-A", key: "acme-hmac-2026", date: "2026-11-18", extra: [("order", "ord-90")]),
            try record("S-2101", "stark", "payment", "15.00", "EUR", "PO-STARK-1118", key: "stark-hmac512-2026", date: "2026-11-18", extra: [("order", "ord-91")]),
        ]
        try FixtureFileWriter.write(nextDay, format: .csv, to: path("2026-11-18_acme.csv"))
        print("wrote the demo night to \(out)")
    }

    private func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
}

/// gzip through the system tool: fixtures only, not a runtime dependency.
enum Gzip {
    static func write(_ bytes: [UInt8], to path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -9 -n -c > \"$0\"", path]
        let pipe = Pipe()
        process.standardInput = pipe
        try process.run()
        try pipe.fileHandleForWriting.write(contentsOf: bytes)
        try pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationFailure("gzip failed for \(path)") }
    }
}
