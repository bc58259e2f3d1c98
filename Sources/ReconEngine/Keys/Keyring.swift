import Foundation
import ReconCore
import ReconCrypto

/// The keys of a keyring with their material loaded once, shared read-only by
/// every verification thread. Algorithm, merchants and validity come from the
/// keyring file only: a record never chooses how it is verified.
public final class Keyring: Sendable {
    public struct Key: Sendable {
        public let id: String
        public let algorithm: SignatureAlgorithm
        public let verifier: VerificationKey
        public let merchants: Set<String>
        public let notBefore: Int64?
        public let notAfter: Int64?
        public let revoked: Bool
        public let materialDescription: String
    }

    public let file: String
    public let keys: [String: Key]
    /// Warnings that do not stop a run (e.g. a secret file readable by others).
    public let warnings: [String]

    init(file: String, keys: [String: Key], warnings: [String]) {
        self.file = file
        self.keys = keys
        self.warnings = warnings
    }

    /// Loads every key's material. Any problem is a ``ConfigurationError``
    /// naming the keyring, the key id and what to fix: never the secret.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> Keyring
    {
        let definition = try KeyringFile.load(path: path)
        var keys: [String: Key] = [:]
        var warnings: [String] = []
        for entry in definition.entries {
            let key = try loadKey(entry, keyringFile: definition.file, environment: environment, warnings: &warnings)
            keys[entry.id] = key
        }
        return Keyring(file: definition.file, keys: keys, warnings: warnings)
    }

    private static func loadKey(
        _ entry: KeyringFile.Entry, keyringFile: String, environment: [String: String], warnings: inout [String]
    ) throws(ConfigurationError) -> Key {
        func fail(_ message: String) -> ConfigurationError {
            ConfigurationError(file: keyringFile, line: entry.line, "key '\(entry.id)': \(message)")
        }
        guard let algorithm = SignatureAlgorithm(rawValue: entry.algorithm) else {
            throw fail("unsupported alg '\(entry.algorithm)'")
        }
        let verifier: VerificationKey
        let materialDescription: String
        do {
            switch entry.material {
            case .secretFile(let path, let encoding):
                let text = try readFile(path, fail: fail)
                if let warning = permissiveModeWarning(path: path, keyID: entry.id) { warnings.append(warning) }
                let secret = try decodeSecret(text, encoding: encoding, origin: "secret_file \(path)", fail: fail)
                verifier = try VerificationKey(hmacSecret: secret, algorithm: algorithm)
                materialDescription = "secret from file \(path) (\(secret.count) bytes)"
            case .secretEnvironment(let name, let encoding):
                guard let text = environment[name] else {
                    throw fail("environment variable \(name) (secret_env) is not set")
                }
                let secret = try decodeSecret(Array(text.utf8), encoding: encoding, origin: "secret_env \(name)", fail: fail)
                verifier = try VerificationKey(hmacSecret: secret, algorithm: algorithm)
                materialDescription = "secret from environment \(name) (\(secret.count) bytes)"
            case .publicKeyFile(let path):
                let pem = try readFile(path, fail: fail)
                verifier = try VerificationKey(publicKeyPEM: pem, algorithm: algorithm)
                materialDescription = "public key \(path)"
            }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw fail("\(error)")
        }
        return Key(
            id: entry.id, algorithm: algorithm, verifier: verifier, merchants: Set(entry.merchants),
            notBefore: entry.notBefore, notAfter: entry.notAfter, revoked: entry.revoked,
            materialDescription: materialDescription)
    }

    private static func readFile(_ path: String, fail: (String) -> ConfigurationError) throws(ConfigurationError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("cannot read \(path): check that it exists and is readable")
        }
        return [UInt8](data)
    }

    /// Secret files are text: base64 or hex, surrounding whitespace ignored.
    private static func decodeSecret(
        _ bytes: [UInt8], encoding: KeyringFile.SecretEncoding, origin: String, fail: (String) -> ConfigurationError
    ) throws(ConfigurationError) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let decoded: [UInt8]?
        switch encoding {
        case .base64: decoded = Base64.decodeStrict(text)
        case .hex: decoded = Hex.decode(text)
        }
        guard let decoded else { throw fail("\(origin) is not valid \(encoding.rawValue)") }
        return decoded
    }

    private static func permissiveModeWarning(path: String, keyID: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
        else { return nil }
        return "key '\(keyID)': secret file \(path) is readable by group or others (mode \(String(mode, radix: 8))); chmod 600 it"
    }
}
