internal import COpenSSL

// Private-key operations, used only by `SigningKey` (fixtures and tests).

extension OwnedKey {
    /// Generates a fresh key for a signature algorithm: P-256, P-384,
    /// Ed25519 or RSA-2048.
    static func generate(for algorithm: SignatureAlgorithm) throws(KeyError) -> OwnedKey {
        switch algorithm {
        case .ecdsaP256SHA256: return try generate(type: "EC", curve: "P-256", rsaBits: nil)
        case .ecdsaP384SHA384: return try generate(type: "EC", curve: "P-384", rsaBits: nil)
        case .ed25519: return try generate(type: "ED25519", curve: nil, rsaBits: nil)
        case .rsaPSSSHA256, .rsaPKCS1SHA256:
            return try generate(type: "RSA", curve: nil, rsaBits: SignatureAlgorithm.rsaModulusBitsMin)
        case .hmacSHA256, .hmacSHA512: throw .hmacAlgorithmNeedsSecret(algorithm)
        }
    }

    /// Generates an RSA key of any size, so tests can show small keys refused.
    static func generateRSA(bits: Int) throws(KeyError) -> OwnedKey {
        try generate(type: "RSA", curve: nil, rsaBits: bits)
    }

    private static func generate(type: String, curve: String?, rsaBits: Int?) throws(KeyError) -> OwnedKey {
        // The context may keep a pointer to its type name, so the C string
        // outlives the context.
        let generated: Result<OpaquePointer, KeyError> = type.withCString { typeName in
            guard let context = EVP_PKEY_CTX_new_from_name(nil, typeName, nil) else {
                return .failure(.operationFailed("EVP_PKEY_CTX_new_from_name(\(type)): \(LibCrypto.drainErrors())"))
            }
            defer { EVP_PKEY_CTX_free(context) }
            var configured = EVP_PKEY_keygen_init(context) == 1
            if configured, let curve { configured = EVP_PKEY_CTX_set_group_name(context, curve) == 1 }
            if configured, let rsaBits { configured = EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(rsaBits)) == 1 }
            var key: OpaquePointer? = nil
            guard configured, EVP_PKEY_generate(context, &key) == 1, let key else {
                return .failure(.operationFailed("key generation (\(type)): \(LibCrypto.drainErrors())"))
            }
            return .success(key)
        }
        return OwnedKey(takingOwnershipOf: try generated.get())
    }

    /// Reads an unencrypted private key PEM: PKCS#8 `PRIVATE KEY`, or the
    /// traditional `EC PRIVATE KEY` / `RSA PRIVATE KEY`. Encrypted keys are
    /// refused (reading them would prompt for a passphrase on the terminal).
    static func readPrivate(pem: [UInt8]) throws(KeyError) -> OwnedKey {
        let block = try PEMBlock.read(pem)
        guard ["PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"].contains(block.label) else {
            throw .unreadablePEM("expected an unencrypted PRIVATE KEY PEM block, found \(block.printableLabel)")
        }
        let key: OpaquePointer? = block.der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_AutoPrivateKey(nil, &cursor, buffer.count)
        }
        guard let key else { throw .unreadablePEM("private key does not parse (\(LibCrypto.drainErrors()))") }
        return OwnedKey(takingOwnershipOf: key)
    }

    /// Signs `message` with this private key and the algorithm's parameters
    /// (the same ones verification uses).
    func sign(_ message: [UInt8], algorithm: SignatureAlgorithm) throws(KeyError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw .operationFailed("EVP_MD_CTX_new: out of memory") }
        defer { EVP_MD_CTX_free(context) }
        try SignatureParameters.initialize(context, key: pointer, algorithm: algorithm, signing: true)
        var length = 0
        var signature: [UInt8] = []
        let signed: Int32 = message.withUnsafeBytes { message in
            LibCrypto.withNonNullBase(message) { base, count in
                guard EVP_DigestSign(context, nil, &length, base, count) == 1 else { return 0 }
                signature = [UInt8](repeating: 0, count: length)
                return EVP_DigestSign(context, &signature, &length, base, count)
            }
        }
        guard signed == 1 else { throw .operationFailed("EVP_DigestSign(\(algorithm.rawValue)): \(LibCrypto.drainErrors())") }
        return Array(signature.prefix(length))  // DER ECDSA signatures are often shorter than the maximum
    }
}

/// One-shot HMAC for signing fixtures (not the hot path).
enum HMACSigner {
    static func tag(_ message: [UInt8], secret: [UInt8], algorithm: SignatureAlgorithm) throws(KeyError) -> [UInt8] {
        guard let digestName = algorithm.digestName, algorithm.isHMAC else { throw .notAnHMACAlgorithm(algorithm) }
        let pool = try HMACContextPool(
            secret: secret, digestName: digestName, tagLength: algorithm.macTagLength, slotCount: 0)
        var tag = [UInt8](repeating: 0, count: algorithm.macTagLength)
        let ok = message.withUnsafeBytes { message in
            tag.withUnsafeMutableBufferPointer { pool.computeTag(message, into: $0.baseAddress!) }
        }
        guard ok else { throw .operationFailed("HMAC: \(LibCrypto.drainErrors())") }
        return tag
    }
}
