/// A private key or HMAC secret that signs, for fixture generation and tests.
/// recon itself only verifies.
///
/// `@unchecked Sendable`: immutable after init; each signature uses its own
/// OpenSSL context.
public final class SigningKey: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let algorithm: SignatureAlgorithm
    private let material: Material

    private enum Material {
        case secret([UInt8])
        case privateKey(OwnedKey)
    }

    private init(algorithm: SignatureAlgorithm, material: Material) {
        self.algorithm = algorithm
        self.material = material
    }

    /// A fresh key: 32 (HMAC-SHA-256) or 64 (HMAC-SHA-512) random secret
    /// bytes, or a new P-256, P-384, Ed25519 or RSA-2048 key.
    public static func generate(_ algorithm: SignatureAlgorithm) throws(KeyError) -> SigningKey {
        if algorithm.isHMAC {
            let secret = try LibCrypto.randomBytes(count: algorithm.macTagLength)
            return SigningKey(algorithm: algorithm, material: .secret(secret))
        }
        return SigningKey(algorithm: algorithm, material: .privateKey(try OwnedKey.generate(for: algorithm)))
    }

    /// Same checks as `VerificationKey(hmacSecret:algorithm:)`.
    public convenience init(hmacSecret: [UInt8], algorithm: SignatureAlgorithm) throws(KeyError) {
        _ = try VerificationKey(hmacSecret: hmacSecret, algorithm: algorithm)
        self.init(algorithm: algorithm, material: .secret(hmacSecret))
    }

    /// An unencrypted PKCS#8 (or traditional EC/RSA) private key PEM whose key
    /// fits `algorithm`.
    public convenience init(privateKeyPEM: [UInt8], algorithm: SignatureAlgorithm) throws(KeyError) {
        guard !algorithm.isHMAC else { throw .hmacAlgorithmNeedsSecret(algorithm) }
        let key = try OwnedKey.readPrivate(pem: privateKeyPEM)
        try key.validate(for: algorithm)
        self.init(algorithm: algorithm, material: .privateKey(key))
    }

    /// An RSA key of any size, for tests that show small moduli are refused.
    static func generateRSAForTesting(bits: Int, algorithm: SignatureAlgorithm) throws(KeyError) -> SigningKey {
        SigningKey(algorithm: algorithm, material: .privateKey(try OwnedKey.generateRSA(bits: bits)))
    }

    /// A signature (or full-length tag) of `message`.
    public func sign(_ message: [UInt8]) throws(KeyError) -> [UInt8] {
        switch material {
        case .secret(let secret): return try HMACSigner.tag(message, secret: secret, algorithm: algorithm)
        case .privateKey(let key): return try key.sign(message, algorithm: algorithm)
        }
    }

    /// SPKI `PUBLIC KEY` PEM; nil for HMAC keys, which have no public half.
    public var publicKeyPEM: [UInt8]? {
        guard case .privateKey(let key) = material else { return nil }
        return try? key.publicKeyPEM()
    }

    /// Unencrypted PKCS#8 `PRIVATE KEY` PEM; nil for HMAC keys.
    public var privateKeyPEM: [UInt8]? {
        guard case .privateKey(let key) = material else { return nil }
        return try? key.privateKeyPKCS8PEM()
    }

    /// The raw secret of an HMAC key; nil for public-key algorithms.
    public var hmacSecret: [UInt8]? {
        guard case .secret(let secret) = material else { return nil }
        return secret
    }

    /// The matching verification key, built through the public inits (the
    /// public key goes through its PEM), exactly as recon would load it.
    public func verificationKey() throws(KeyError) -> VerificationKey {
        switch material {
        case .secret(let secret):
            return try VerificationKey(hmacSecret: secret, algorithm: algorithm)
        case .privateKey(let key):
            return try VerificationKey(publicKeyPEM: try key.publicKeyPEM(), algorithm: algorithm)
        }
    }

    public var description: String {
        switch material {
        case .secret(let secret): return "SigningKey(\(algorithm.rawValue), \(secret.count)-byte secret)"
        case .privateKey(let key): return "SigningKey(\(algorithm.rawValue), \(key.summary))"
        }
    }

    public var debugDescription: String { description }

    /// `dump()` and debuggers show the description, not the secret.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
