import ArgumentParser
import Foundation
import ReconCore
import ReconCrypto

/// One test-only key per algorithm, plus the keyring that lists them.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Write one TEST-ONLY key per algorithm and a keyring.yaml into a folder.")

    @Option(help: "Output folder (keyring.yaml goes here, keys under keys/).") var out: String

    /// id, algorithm, merchants: which demo merchant signs with which algorithm.
    static let plan: [(id: String, algorithm: SignatureAlgorithm, merchants: [String])] = [
        ("acme-hmac-2026", .hmacSHA256, ["acme"]),
        ("stark-hmac512-2026", .hmacSHA512, ["stark"]),
        ("globex-ec-1", .ecdsaP256SHA256, ["globex"]),
        ("wayne-ec384-1", .ecdsaP384SHA384, ["wayne"]),
        ("initech-ed-1", .ed25519, ["initech"]),
        ("umbrella-pss-1", .rsaPSSSHA256, ["umbrella"]),
        ("hooli-rsa-1", .rsaPKCS1SHA256, ["hooli"]),
    ]

    func run() throws {
        let keysFolder = (out as NSString).appendingPathComponent("keys")
        try FileManager.default.createDirectory(atPath: keysFolder, withIntermediateDirectories: true)
        var yaml = """
            # TEST-ONLY keyring for recon's fixtures, demo and tests. These keys are
            # published in the repository: never use them for real data.
            keys:

            """
        for entry in Self.plan {
            let key = try SigningKey.generate(entry.algorithm)
            yaml += "  - id: \(entry.id)\n    alg: \(entry.algorithm.rawValue)\n"
            if let secret = key.hmacSecret {
                let path = "keys/\(entry.id).hmac"
                try write(Array((Base64.encode(secret) + "\n").utf8), to: path, mode: 0o600)
                yaml += "    secret_file: \(path)\n    secret_encoding: base64\n"
            } else {
                try write(key.publicKeyPEM!, to: "keys/\(entry.id).pem", mode: 0o644)
                try write(key.privateKeyPEM!, to: "keys/\(entry.id).key.pem", mode: 0o600)
                yaml += "    public_key_file: keys/\(entry.id).pem\n"
            }
            yaml += "    merchants: [\(entry.merchants.joined(separator: ", "))]\n"
            yaml += "    not_before: 2026-01-01T00:00:00Z\n"
        }
        // A revoked key, so the demo shows KEY_REVOKED handling.
        let revoked = try SigningKey.generate(.hmacSHA256)
        try write(Array((Base64.encode(revoked.hmacSecret!) + "\n").utf8), to: "keys/acme-hmac-2025.hmac", mode: 0o600)
        yaml += """
              - id: acme-hmac-2025
                alg: hmac-sha256
                secret_file: keys/acme-hmac-2025.hmac
                merchants: [acme]
                revoked: true

            """
        try write(Array(yaml.utf8), to: "keyring.yaml", mode: 0o644)
        print("wrote TEST-ONLY keys and keyring.yaml to \(out)")
    }

    private func write(_ bytes: [UInt8], to relative: String, mode: Int) throws {
        let path = (out as NSString).appendingPathComponent(relative)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }
}
