import Foundation
import ReconCore
import ReconCrypto

/// Signing keys for the ids of a fixture keyring written by `keys`: HMAC
/// secrets from their secret files, private keys from `<id>.key.pem` beside
/// each public key.
struct FixtureSigners {
    private var keys: [String: SigningKey] = [:]

    init(keyring path: String) throws {
        let keyring = try KeyringFile.load(path: path)
        for entry in keyring.entries {
            guard let algorithm = SignatureAlgorithm(rawValue: entry.algorithm) else { continue }
            switch entry.material {
            case .secretFile(let file, _):
                let text = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                guard let secret = Base64.decodeStrict(text) else { throw ValidationFailure("bad secret in \(file)") }
                keys[entry.id] = try SigningKey(hmacSecret: secret, algorithm: algorithm)
            case .publicKeyFile(let file):
                let privatePath = String(file.dropLast(".pem".count)) + ".key.pem"
                guard let pem = FileManager.default.contents(atPath: privatePath) else { continue }
                keys[entry.id] = try SigningKey(privateKeyPEM: [UInt8](pem), algorithm: algorithm)
            case .secretEnvironment:
                continue
            }
        }
    }

    func key(_ id: String) throws -> SigningKey {
        guard let key = keys[id] else { throw ValidationFailure("no signing material for key '\(id)'") }
        return key
    }
}

struct ValidationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
