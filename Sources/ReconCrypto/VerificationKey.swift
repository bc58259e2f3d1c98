/// A key that checks record signatures for exactly one `SignatureAlgorithm`.
///
/// Built from raw secret bytes (HMAC algorithms) or from a public key PEM
/// (every other algorithm), and never from the other kind: an HMAC key cannot
/// be made from a public key, which rules out the algorithm-confusion forgery
/// where a published key is used as a MAC secret.
///
/// Thread safety (`@unchecked Sendable`): everything is set in `init` and never
/// changed. Verification works on per-call OpenSSL contexts (copied from a
/// read-only template) or on a pooled HMAC context claimed with an atomic
/// flag, so any number of threads may call `verify` on one key at once,
/// without locks. The C handles are owned by internal classes that free them
/// in `deinit`.
public final class VerificationKey: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let algorithm: SignatureAlgorithm
    /// Algorithm and key type/size, for logs. Never contains key bytes.
    public let description: String
    private let backend: Backend

    private enum Backend {
        case mac(HMACContextPool)
        case signature(SignatureVerifierTemplate)
    }

    /// An HMAC key from the raw secret bytes (already decoded from base64/hex).
    ///
    /// Refuses secrets under 32 bytes and secrets that look like a PEM block or
    /// a DER public key or certificate.
    public convenience init(hmacSecret: [UInt8], algorithm: SignatureAlgorithm) throws(KeyError) {
        guard algorithm.isHMAC else { throw .notAnHMACAlgorithm(algorithm) }
        guard hmacSecret.count >= SignatureAlgorithm.hmacSecretBytesMin else {
            throw .hmacSecretTooShort(bytes: hmacSecret.count)
        }
        guard !OwnedKey.looksLikeKeyMaterial(hmacSecret) else { throw .hmacSecretLooksLikeKey }
        try self.init(uncheckedHMACSecret: hmacSecret, algorithm: algorithm)
    }

    /// An HMAC key without the length and shape checks, for third-party test
    /// vectors that use short keys. Not public: recon's keys go through
    /// `init(hmacSecret:algorithm:)`.
    init(uncheckedHMACSecret secret: [UInt8], algorithm: SignatureAlgorithm) throws(KeyError) {
        guard let digestName = algorithm.digestName, algorithm.isHMAC else { throw .notAnHMACAlgorithm(algorithm) }
        let pool = try HMACContextPool(
            secret: secret, digestName: digestName, tagLength: algorithm.macTagLength,
            slotCount: HMACContextPool.defaultSlotCount)
        self.algorithm = algorithm
        self.backend = .mac(pool)
        self.description = "VerificationKey(\(algorithm.rawValue), \(secret.count)-byte secret)"
    }

    /// A public key from a `PUBLIC KEY` (SPKI) or `CERTIFICATE` PEM. The key
    /// must fit the algorithm: EC on its curve, Ed25519, RSA ≥ 2048 bits.
    public convenience init(publicKeyPEM: [UInt8], algorithm: SignatureAlgorithm) throws(KeyError) {
        guard !algorithm.isHMAC else { throw .hmacAlgorithmNeedsSecret(algorithm) }
        try self.init(publicKey: try OwnedKey.read(pem: publicKeyPEM), algorithm: algorithm)
    }

    /// A public key from DER SubjectPublicKeyInfo (test vectors ship DER).
    convenience init(publicKeyDER: [UInt8], algorithm: SignatureAlgorithm) throws(KeyError) {
        guard !algorithm.isHMAC else { throw .hmacAlgorithmNeedsSecret(algorithm) }
        try self.init(publicKey: try OwnedKey.read(der: publicKeyDER), algorithm: algorithm)
    }

    init(publicKey: OwnedKey, algorithm: SignatureAlgorithm) throws(KeyError) {
        try publicKey.validate(for: algorithm)
        self.backend = .signature(try SignatureVerifierTemplate(key: publicKey, algorithm: algorithm))
        self.algorithm = algorithm
        self.description = "VerificationKey(\(algorithm.rawValue), \(publicKey.summary))"
    }

    public var debugDescription: String { description }

    /// True when `signature` is a valid signature (or full-length MAC tag) of
    /// `message` under this key. Any malformed signature is simply `false`.
    public func verify(message: UnsafeRawBufferPointer, signature: UnsafeRawBufferPointer) -> Bool {
        switch backend {
        case .mac(let pool): return pool.verify(message: message, tag: signature)
        case .signature(let template): return template.verify(message: message, signature: signature)
        }
    }

    public func verify(message: [UInt8], signature: [UInt8]) -> Bool {
        message.withUnsafeBytes { message in
            signature.withUnsafeBytes { signature in verify(message: message, signature: signature) }
        }
    }

    public func verify(message: UnsafeRawBufferPointer, signature: [UInt8]) -> Bool {
        signature.withUnsafeBytes { signature in verify(message: message, signature: signature) }
    }

    /// The full MAC tag of `message`, for tests that check truncated-tag
    /// vectors against a prefix. Nil for signature keys.
    func macTag(_ message: [UInt8]) -> [UInt8]? {
        guard case .mac(let pool) = backend else { return nil }
        var tag = [UInt8](repeating: 0, count: pool.tagLength)
        let ok = message.withUnsafeBytes { message in
            tag.withUnsafeMutableBufferPointer { pool.computeTag(message, into: $0.baseAddress!) }
        }
        return ok ? tag : nil
    }
}
