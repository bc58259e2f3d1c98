/// Why key material was refused. Messages name the problem and the fix and
/// never contain key bytes: a secret only ever shows up as its length.
public enum KeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The HMAC secret is shorter than `SignatureAlgorithm.hmacSecretBytesMin`.
    case hmacSecretTooShort(bytes: Int)
    /// The HMAC secret looks like a PEM block or a DER public key; using a
    /// public key as a shared secret is the classic algorithm-confusion attack.
    case hmacSecretLooksLikeKey
    /// A public-key algorithm was given a raw secret.
    case notAnHMACAlgorithm(SignatureAlgorithm)
    /// An HMAC algorithm was given a public key.
    case hmacAlgorithmNeedsSecret(SignatureAlgorithm)
    /// The key's type does not fit the algorithm (e.g. Ed25519 key for ECDSA).
    case wrongKeyType(expected: String, found: String)
    /// An EC key on another curve than the algorithm's.
    case wrongCurve(expected: String, found: String)
    /// RSA modulus below `SignatureAlgorithm.rsaModulusBitsMin`.
    case rsaModulusTooSmall(bits: Int)
    /// RSA public exponent that is 1 or even: such a key verifies forgeries.
    case rsaExponentUnsafe
    /// The PEM (or DER) could not be read; the detail says why.
    case unreadablePEM(String)
    /// OpenSSL failed an operation that should not fail (key generation,
    /// signing, encoding); the detail names the operation and OpenSSL's reason.
    case operationFailed(String)

    public var description: String {
        switch self {
        case .hmacSecretTooShort(let bytes):
            return "HMAC secret is \(bytes) bytes; at least \(SignatureAlgorithm.hmacSecretBytesMin) "
                + "random bytes are required (check secret_encoding: base64 or hex)"
        case .hmacSecretLooksLikeKey:
            return "HMAC secret looks like a PEM block or a public key; an HMAC key must be raw "
                + "random bytes (a public key used as a shared secret is forgeable by anyone)"
        case .notAnHMACAlgorithm(let algorithm):
            return "algorithm \(algorithm.rawValue) needs a public key (SPKI or certificate PEM), not a secret"
        case .hmacAlgorithmNeedsSecret(let algorithm):
            return "algorithm \(algorithm.rawValue) needs a shared secret, not a public key"
        case .wrongKeyType(let expected, let found):
            return "key type \(found) does not fit the algorithm: expected \(expected)"
        case .wrongCurve(let expected, let found):
            return "EC key is on curve \(found); the algorithm needs \(expected)"
        case .rsaModulusTooSmall(let bits):
            return "RSA modulus is \(bits) bits; at least \(SignatureAlgorithm.rsaModulusBitsMin) bits are required"
        case .rsaExponentUnsafe:
            return "RSA public exponent is 1 or even; use a standard key (e = 65537)"
        case .unreadablePEM(let detail):
            return "unreadable key: \(detail)"
        case .operationFailed(let detail):
            return "crypto operation failed: \(detail)"
        }
    }
}
