import ReconCore
import ReconCrypto

/// A transaction record as an upstream provider would write it, signed the
/// SPEC §3.1 way. Used by `recon-fixtures` and the tests, which must produce
/// inputs exactly as real providers do (real keys, real OpenSSL).
public struct FixtureRecord: Sendable {
    /// Field name → text, in the order they are written. Values are strings,
    /// as in CSV; JSON output writes them as JSON strings.
    public var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    public subscript(name: String) -> String? {
        get { fields.first { $0.name == name }?.value }
        set {
            if let index = fields.firstIndex(where: { $0.name == name }) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append((name, newValue))
            }
        }
    }

    /// The exact bytes a provider signs: JCS of the object without `signature`.
    public var signedMessage: [UInt8] {
        let members = fields.filter { $0.name != "signature" }.map { (key: $0.name, value: JSONValue.string($0.value)) }
        // Canonicalizing an object of strings cannot fail.
        return (try? JCS.canonicalize(.object(members))) ?? []
    }

    /// Sets `signature` to the base64 signature of ``signedMessage`` by `key`.
    public mutating func sign(with key: SigningKey) throws {
        self["signature"] = Base64.encode(try key.sign(signedMessage))
    }

    public func signed(with key: SigningKey) throws -> FixtureRecord {
        var copy = self
        try copy.sign(with: key)
        return copy
    }
}
