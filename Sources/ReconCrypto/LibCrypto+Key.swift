internal import COpenSSL

/// Owns one `EVP_PKEY` (public, or private for `SigningKey`), freed in `deinit`.
///
/// `@unchecked Sendable`: the key is never modified after init; OpenSSL 3
/// allows one `EVP_PKEY` to be used read-only by many operation contexts on
/// many threads at once (reference counts are atomic).
final class OwnedKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(takingOwnershipOf pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { EVP_PKEY_free(pointer) }

    /// Reads the first PEM block: `PUBLIC KEY` (SPKI) or `CERTIFICATE` (X.509,
    /// whose subject public key is taken). Other labels are refused, so a
    /// private key or a PKCS#1 `RSA PUBLIC KEY` is never guessed at.
    static func read(pem: [UInt8]) throws(KeyError) -> OwnedKey {
        let block = try PEMBlock.read(pem)
        switch block.label {
        case "PUBLIC KEY":
            return try read(der: block.der)
        case "CERTIFICATE":
            return try readCertificate(der: block.der)
        default:
            throw .unreadablePEM("expected a PUBLIC KEY or CERTIFICATE PEM block, found \(block.printableLabel)")
        }
    }

    /// Reads a DER SubjectPublicKeyInfo; trailing bytes are an error.
    static func read(der: [UInt8]) throws(KeyError) -> OwnedKey {
        let result: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            guard let key = d2i_PUBKEY(nil, &cursor, buffer.count) else { return nil }
            guard cursor == base + buffer.count else {
                EVP_PKEY_free(key)
                return nil
            }
            return key
        }
        guard let result else {
            throw .unreadablePEM("not a DER SubjectPublicKeyInfo (\(LibCrypto.drainErrors()))")
        }
        return OwnedKey(takingOwnershipOf: result)
    }

    private static func readCertificate(der: [UInt8]) throws(KeyError) -> OwnedKey {
        let result: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            guard let certificate = d2i_X509(nil, &cursor, buffer.count) else { return nil }
            defer { X509_free(certificate) }
            guard cursor == base + buffer.count else { return nil }
            return X509_get_pubkey(certificate)  // a new reference, owned by the caller
        }
        guard let result else {
            throw .unreadablePEM("not a readable X.509 certificate (\(LibCrypto.drainErrors()))")
        }
        return OwnedKey(takingOwnershipOf: result)
    }

    // MARK: Properties for validation and logs

    /// OpenSSL's key type name: "EC", "ED25519", "RSA", "RSA-PSS", ...
    var typeName: String {
        guard let name = EVP_PKEY_get0_type_name(pointer) else { return "unknown" }
        return String(cString: name)
    }

    var bits: Int { Int(EVP_PKEY_get_bits(pointer)) }

    /// Named curve of an EC key ("prime256v1", "secp384r1"), nil otherwise.
    var groupName: String? {
        var buffer = [CChar](repeating: 0, count: 80)
        var length = 0
        guard EVP_PKEY_get_group_name(pointer, &buffer, buffer.count, &length) == 1 else {
            LibCrypto.clearErrors()
            return nil
        }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Short text for logs: type, curve or bits. Never key bytes.
    var summary: String {
        let type = typeName
        if let groupName { return "\(type) \(Self.curveDisplayName(groupName))" }
        if type == "ED25519" || type == "ED448" { return type }
        return "\(type) \(bits) bits"
    }

    /// Checks that this key fits `algorithm` (SPEC §3.2): EC on the right
    /// named curve, Ed25519, or RSA (not RSA-PSS-restricted keys) ≥ 2048 bits.
    func validate(for algorithm: SignatureAlgorithm) throws(KeyError) {
        let type = typeName
        switch algorithm {
        case .hmacSHA256, .hmacSHA512:
            throw .hmacAlgorithmNeedsSecret(algorithm)
        case .ecdsaP256SHA256, .ecdsaP384SHA384:
            guard type == "EC" else { throw .wrongKeyType(expected: "EC", found: type) }
            let expected = algorithm == .ecdsaP256SHA256 ? "prime256v1" : "secp384r1"
            let found = groupName ?? "explicit parameters"
            guard found == expected else {
                throw .wrongCurve(expected: Self.curveDisplayName(expected), found: Self.curveDisplayName(found))
            }
        case .ed25519:
            guard type == "ED25519" else { throw .wrongKeyType(expected: "ED25519", found: type) }
        case .rsaPSSSHA256, .rsaPKCS1SHA256:
            guard type == "RSA" else { throw .wrongKeyType(expected: "RSA", found: type) }
            guard bits >= SignatureAlgorithm.rsaModulusBitsMin else { throw .rsaModulusTooSmall(bits: bits) }
            // OpenSSL checks only the exponent's upper bound; e = 1 makes
            // every message its own signature, and an even e is no RSA key.
            guard rsaExponentIsOddAndAboveOne else { throw .rsaExponentUnsafe }
        }
    }

    private var rsaExponentIsOddAndAboveOne: Bool {
        var exponent: OpaquePointer? = nil
        guard EVP_PKEY_get_bn_param(pointer, "e", &exponent) == 1, let exponent else {
            LibCrypto.clearErrors()
            return false
        }
        defer { BN_free(exponent) }
        return BN_is_odd(exponent) == 1 && BN_is_one(exponent) == 0
    }

    private static func curveDisplayName(_ name: String) -> String {
        switch name {
        case "prime256v1": return "P-256"
        case "secp384r1": return "P-384"
        case "secp521r1": return "P-521"
        default: return name
        }
    }

    // MARK: Encoding

    /// SPKI `PUBLIC KEY` PEM.
    func publicKeyPEM() throws(KeyError) -> [UInt8] {
        try MemoryBIO.write("PEM_write_bio_PUBKEY") { bio in PEM_write_bio_PUBKEY(bio, pointer) }
    }

    /// Unencrypted PKCS#8 `PRIVATE KEY` PEM (only for keys that hold a private part).
    func privateKeyPKCS8PEM() throws(KeyError) -> [UInt8] {
        try MemoryBIO.write("PEM_write_bio_PKCS8PrivateKey") { bio in
            PEM_write_bio_PKCS8PrivateKey(bio, pointer, nil, nil, 0, nil, nil)
        }
    }
}

/// One PEM block decoded by OpenSSL's generic reader.
struct PEMBlock {
    let label: String
    let der: [UInt8]

    /// The label for an error message: bounded and printable.
    var printableLabel: String {
        let clean = label.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f }
        return clean && label.count <= 40 ? "'\(label)'" : "an unexpected label"
    }

    static func read(_ pem: [UInt8]) throws(KeyError) -> PEMBlock {
        let decoded: PEMBlock? = pem.withUnsafeBytes { bytes in
            guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return nil }
            defer { BIO_free(bio) }
            var name: UnsafeMutablePointer<CChar>? = nil
            var header: UnsafeMutablePointer<CChar>? = nil
            var data: UnsafeMutablePointer<UInt8>? = nil
            var length = 0
            guard PEM_read_bio(bio, &name, &header, &data, &length) == 1 else { return nil }
            defer {
                recon_openssl_free(name)
                recon_openssl_free(header)
                recon_openssl_free(data)
            }
            let label = name.map { String(cString: $0) } ?? ""
            let der = data.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
            return PEMBlock(label: label, der: der)
        }
        guard let decoded else {
            throw .unreadablePEM("no PEM block found (\(LibCrypto.drainErrors()))")
        }
        return decoded
    }
}

/// A growable memory BIO used to collect PEM output.
enum MemoryBIO {
    static func write(_ operation: String, _ body: (OpaquePointer) -> Int32) throws(KeyError) -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw .operationFailed("BIO_new: out of memory") }
        defer { BIO_free(bio) }
        guard body(bio) == 1 else { throw .operationFailed("\(operation): \(LibCrypto.drainErrors())") }
        let pending = Int(BIO_ctrl_pending(bio))
        var output = [UInt8](repeating: 0, count: pending)
        let read = BIO_read(bio, &output, Int32(pending))
        guard read == pending else { throw .operationFailed("BIO_read: short read") }
        return output
    }
}

extension OwnedKey {
    /// True when `bytes` is a PEM block of any kind, or parses completely as a
    /// DER public key or X.509 certificate: such bytes are key material, never
    /// an HMAC secret.
    static func looksLikeKeyMaterial(_ bytes: [UInt8]) -> Bool {
        let pemMarker = Array("-----BEGIN".utf8)
        if bytes.count >= pemMarker.count,
            (0...(bytes.count - pemMarker.count)).contains(where: { bytes[$0..<($0 + pemMarker.count)].elementsEqual(pemMarker) })
        {
            return true
        }
        guard bytes.first == 0x30 else { return false }  // DER SEQUENCE
        defer { LibCrypto.clearErrors() }
        if (try? read(der: bytes)) != nil { return true }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            var cursor: UnsafePointer<UInt8>? = base
            guard let certificate = d2i_X509(nil, &cursor, buffer.count) else { return false }
            X509_free(certificate)
            return true
        }
    }
}
