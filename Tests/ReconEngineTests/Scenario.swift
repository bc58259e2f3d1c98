import Foundation
import ReconCore
import ReconCrypto
import ReconEngine

/// A job on disk for one test: keys generated with real OpenSSL, a keyring,
/// a job file and an inbox, all in a temporary folder.
final class Scenario {
    let folder: String
    var inbox: String { folder + "/inbox" }
    var jobPath: String { folder + "/job.yaml" }
    private(set) var signers: [String: SigningKey] = [:]

    struct KeySpec {
        var id: String
        var algorithm: SignatureAlgorithm
        var merchants: [String]
        var extraYAML: String = ""
    }

    init(keys: [KeySpec], source: String = "test-psp", jobName: String = "test-job") throws {
        folder = NSTemporaryDirectory() + "recon-scenario-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/inbox", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/keys", withIntermediateDirectories: true)
        var keyring = "keys:\n"
        for spec in keys {
            let key = try SigningKey.generate(spec.algorithm)
            signers[spec.id] = key
            keyring += "  - id: \(spec.id)\n    alg: \(spec.algorithm.rawValue)\n"
            if let secret = key.hmacSecret {
                try write(Base64.encode(secret), to: "keys/\(spec.id).hmac", mode: 0o600)
                keyring += "    secret_file: keys/\(spec.id).hmac\n"
            } else {
                try write(String(decoding: key.publicKeyPEM!, as: UTF8.self), to: "keys/\(spec.id).pem")
                keyring += "    public_key_file: keys/\(spec.id).pem\n"
            }
            keyring += "    merchants: [\(spec.merchants.joined(separator: ", "))]\n" + spec.extraYAML
        }
        try write(keyring, to: "keyring.yaml")
        try write(
            """
            name: \(jobName)
            source: \(source)
            timezone: UTC
            transactions: { path: inbox, pattern: "*" }
            keyring: keyring.yaml
            reports: { path: reports }
            """, to: "job.yaml")
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func write(_ text: String, to relative: String, mode: Int = 0o644) throws {
        try write(Array(text.utf8), to: relative, mode: mode)
    }

    func write(_ bytes: [UInt8], to relative: String, mode: Int = 0o644) throws {
        let path = folder + "/" + relative
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    /// A valid record signed by `key`; adjust fields afterwards to break it.
    func record(
        _ txnID: String, merchant: String = "acme", key: String = "k-hmac", type: String = "payment",
        amount: String = "10.00", currency: String = "EUR", reference: String = "PO-1",
        settlementDate: String = "2026-11-20", createdAt: String = "2026-11-19T10:00:00Z"
    ) throws -> FixtureRecord {
        try FixtureRecord([
            ("txn_id", txnID), ("merchant_id", merchant), ("type", type), ("amount", amount), ("currency", currency),
            ("created_at", createdAt), ("settlement_date", settlementDate), ("settlement_ref", reference),
            ("key_id", key),
        ]).signed(with: signers[key] ?? SigningKey.generate(.hmacSHA256))
    }

    func writeInbox(_ name: String, _ records: [FixtureRecord], format: FixtureFileWriter.Format) throws {
        try write(FixtureFileWriter.encode(records, format: format), to: "inbox/" + name)
    }

    func loadJob() throws -> (JobFile, Keyring) {
        let job = try JobFile.load(path: jobPath)
        return (job, try Keyring.load(path: job.keyringPath))
    }
}
