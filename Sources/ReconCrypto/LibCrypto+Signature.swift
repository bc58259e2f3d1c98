internal import COpenSSL

/// An `EVP_DigestVerify` context prepared once per key (digest, padding, salt
/// length all set), copied for each verification.
///
/// Speed: `EVP_DigestVerifyInit` fetches the signature and digest algorithms
/// by name on every call; copying a prepared context only duplicates state.
/// The copy is needed anyway because OpenSSL allows one one-shot
/// `EVP_DigestVerify` per initialized context (Ed25519 enforces it).
///
/// `@unchecked Sendable`: the template is only read after init
/// (`EVP_MD_CTX_copy_ex` takes its source as const and only bumps atomic
/// reference counts); each call works on its own copy, freed with `defer`.
final class SignatureVerifierTemplate: @unchecked Sendable {
    private let template: OpaquePointer
    /// Holds the key alive for as long as the template refers to it.
    let key: OwnedKey

    init(key: OwnedKey, algorithm: SignatureAlgorithm) throws(KeyError) {
        guard let template = EVP_MD_CTX_new() else { throw .operationFailed("EVP_MD_CTX_new: out of memory") }
        do throws(KeyError) {
            try SignatureParameters.initialize(template, key: key.pointer, algorithm: algorithm, signing: false)
        } catch {
            EVP_MD_CTX_free(template)
            throw error
        }
        self.template = template
        self.key = key
    }

    deinit { EVP_MD_CTX_free(template) }

    /// True only for a signature that verifies; every failure (bad encoding,
    /// wrong length, mismatch) is a plain `false`.
    func verify(message: UnsafeRawBufferPointer, signature: UnsafeRawBufferPointer) -> Bool {
        guard let signatureBase = signature.baseAddress, signature.count > 0 else { return false }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_MD_CTX_copy_ex(context, template) == 1 else {
            LibCrypto.clearErrors()
            return false
        }
        let result = LibCrypto.withNonNullBase(message) { base, count in
            EVP_DigestVerify(
                context, signatureBase.assumingMemoryBound(to: UInt8.self), signature.count, base, count)
        }
        guard result == 1 else {
            LibCrypto.clearErrors()  // a bad signature is an answer, not an error to report later
            return false
        }
        return true
    }
}

/// The per-algorithm settings of an `EVP_DigestSign`/`EVP_DigestVerify`
/// context, shared by verification and (test-only) signing so both agree.
enum SignatureParameters {
    static let pssSaltLength: Int32 = 32

    static func initialize(
        _ context: OpaquePointer, key: OpaquePointer, algorithm: SignatureAlgorithm, signing: Bool
    ) throws(KeyError) {
        var keyContext: OpaquePointer? = nil
        let digestName = algorithm.digestName
        let initialized: Int32 = withOptionalCString(digestName) { name in
            signing
                ? EVP_DigestSignInit_ex(context, &keyContext, name, nil, nil, key, nil)
                : EVP_DigestVerifyInit_ex(context, &keyContext, name, nil, nil, key, nil)
        }
        guard initialized == 1, let keyContext else {
            throw .operationFailed("EVP_Digest\(signing ? "Sign" : "Verify")Init_ex(\(algorithm.rawValue)): \(LibCrypto.drainErrors())")
        }
        switch algorithm {
        case .rsaPSSSHA256:
            guard EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_mgf1_md_name(keyContext, "SHA256", nil) == 1,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, pssSaltLength) == 1
            else { throw .operationFailed("RSA-PSS parameters: \(LibCrypto.drainErrors())") }
        case .rsaPKCS1SHA256:
            guard EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1 else {
                throw .operationFailed("RSA PKCS#1 padding: \(LibCrypto.drainErrors())")
            }
        case .ecdsaP256SHA256, .ecdsaP384SHA384, .ed25519, .hmacSHA256, .hmacSHA512:
            break
        }
    }

    private static func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let string else { return body(nil) }
        return string.withCString { body($0) }
    }
}
