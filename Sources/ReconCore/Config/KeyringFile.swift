import Foundation
import Yams

/// The keyring as written (SPEC §3.2), before any key material is read.
/// Loading the material itself belongs to the layer that owns OpenSSL.
public struct KeyringFile: Sendable {
    public enum SecretEncoding: String, Sendable { case base64, hex }

    public enum Material: Sendable {
        case secretFile(path: String, encoding: SecretEncoding)
        case secretEnvironment(name: String, encoding: SecretEncoding)
        case publicKeyFile(path: String)
    }

    public struct Entry: Sendable {
        public var id: String
        public var algorithm: String
        public var material: Material
        public var merchants: [String]
        /// Microseconds since the Unix epoch; inclusive.
        public var notBefore: Int64?
        /// Microseconds since the Unix epoch; exclusive.
        public var notAfter: Int64?
        public var revoked: Bool
        public var line: Int?
    }

    public var file: String
    public var entries: [Entry]

    public static let algorithms = [
        "hmac-sha256", "hmac-sha512", "ecdsa-p256-sha256", "ecdsa-p384-sha384", "ed25519",
        "rsa-pss-sha256", "rsa-pkcs1-sha256",
    ]

    public static func load(path: String) throws(ConfigurationError) -> KeyringFile {
        let file = PathResolution.absolute(path)
        let folder = (file as NSString).deletingLastPathComponent
        var root = try YAMLMapping.load(file: file, context: "")
        guard let nodes = try root.sequence("keys"), !nodes.isEmpty else {
            throw ConfigurationError(file: file, line: root.line, "'keys' must list at least one key")
        }
        try root.finish(known: ["keys"])
        var entries: [Entry] = []
        var seen: Set<String> = []
        for (index, node) in nodes.enumerated() {
            let entry = try self.entry(node, index: index, file: file, folder: folder)
            guard seen.insert(entry.id).inserted else {
                throw ConfigurationError(file: file, line: entry.line, "key id '\(entry.id)' is listed twice: ids must be unique")
            }
            entries.append(entry)
        }
        return KeyringFile(file: file, entries: entries)
    }

    private static func entry(_ node: Yams.Node, index: Int, file: String, folder: String)
        throws(ConfigurationError) -> Entry
    {
        var mapping = try YAMLMapping(node, file: file, context: "keys[\(index)]")
        let id = try mapping.string("id")
        let context = "key '\(id)'"
        let algorithm = try mapping.string("alg")
        guard algorithms.contains(algorithm) else {
            throw ConfigurationError(
                file: file, line: mapping.lineOf("alg"),
                "\(context): alg '\(algorithm)' is not supported (one of \(algorithms.joined(separator: ", ")))")
        }
        let secretFile = try mapping.optionalString("secret_file")
        let secretEnvironment = try mapping.optionalString("secret_env")
        let publicKeyFile = try mapping.optionalString("public_key_file")
        let encodingText = try mapping.optionalString("secret_encoding")
        let isHMAC = algorithm.hasPrefix("hmac-")
        let material: Material
        if isHMAC {
            guard publicKeyFile == nil else {
                throw ConfigurationError(
                    file: file, line: mapping.lineOf("public_key_file"),
                    "\(context): an HMAC key takes secret_file or secret_env, never a public key file")
            }
            guard let encoding = SecretEncoding(rawValue: encodingText ?? "base64") else {
                throw ConfigurationError(
                    file: file, line: mapping.lineOf("secret_encoding"), "\(context): secret_encoding must be base64 or hex")
            }
            switch (secretFile, secretEnvironment) {
            case (let path?, nil): material = .secretFile(path: PathResolution.resolve(path, against: folder), encoding: encoding)
            case (nil, let name?): material = .secretEnvironment(name: name, encoding: encoding)
            default:
                throw ConfigurationError(
                    file: file, line: mapping.line, "\(context): give exactly one of secret_file or secret_env")
            }
        } else {
            guard secretFile == nil, secretEnvironment == nil, encodingText == nil else {
                throw ConfigurationError(
                    file: file, line: mapping.line,
                    "\(context): \(algorithm) is a public-key algorithm: give public_key_file, not a secret")
            }
            guard let path = publicKeyFile else {
                throw ConfigurationError(file: file, line: mapping.line, "\(context): public_key_file is required for \(algorithm)")
            }
            material = .publicKeyFile(path: PathResolution.resolve(path, against: folder))
        }
        guard let merchants = try mapping.stringList("merchants"), !merchants.isEmpty else {
            throw ConfigurationError(
                file: file, line: mapping.line, "\(context): merchants must list the merchants this key may sign for")
        }
        let notBefore = try timestamp(&mapping, "not_before", context: context)
        let notAfter = try timestamp(&mapping, "not_after", context: context)
        let revoked = try mapping.optionalBool("revoked") ?? false
        try mapping.finish(known: [
            "id", "alg", "secret_file", "secret_env", "secret_encoding", "public_key_file", "merchants",
            "not_before", "not_after", "revoked",
        ])
        return Entry(
            id: id, algorithm: algorithm, material: material, merchants: merchants, notBefore: notBefore,
            notAfter: notAfter, revoked: revoked, line: mapping.line)
    }

    private static func timestamp(_ mapping: inout YAMLMapping, _ key: String, context: String)
        throws(ConfigurationError) -> Int64?
    {
        guard let text = try mapping.optionalString(key) else { return nil }
        guard let value = TimestampParsing.timestamp(text) else {
            throw ConfigurationError(
                file: mapping.file, line: mapping.lineOf(key),
                "\(context): \(key) must be an RFC 3339 timestamp with offset, e.g. 2026-01-01T00:00:00Z")
        }
        return value
    }
}
