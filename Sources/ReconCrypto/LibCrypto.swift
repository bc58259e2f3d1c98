internal import COpenSSL

// The choke point for libcrypto: every OpenSSL call in ReconCrypto goes
// through the internal types in the `LibCrypto*.swift` files. Public types
// (`VerificationKey`, `SigningKey`, `Digest`) hold these internal owners and
// never see a C pointer, so no C type leaks into the public API.

enum LibCrypto {
    /// Drains this thread's OpenSSL error queue and returns its last reason,
    /// for error messages. OpenSSL reasons name the failed check, never key bytes.
    static func drainErrors() -> String {
        var last: UInt = 0
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            last = code
        }
        guard last != 0 else { return "no OpenSSL reason" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(last, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Forgets queued errors after an expected failure (a bad signature), so a
    /// later real error is not reported with a stale reason.
    static func clearErrors() {
        ERR_clear_error()
    }

    /// Calls `body` with a non-null base address even for empty input:
    /// several OpenSSL entry points reject a NULL pointer with length 0.
    @inline(__always)
    static func withNonNullBase<R>(
        _ bytes: UnsafeRawBufferPointer, _ body: (UnsafePointer<UInt8>, Int) -> R
    ) -> R {
        if let base = bytes.baseAddress, bytes.count > 0 {
            return body(base.assumingMemoryBound(to: UInt8.self), bytes.count)
        }
        var placeholder: UInt8 = 0
        return withUnsafePointer(to: &placeholder) { body($0, 0) }
    }

    /// Fills `count` bytes from OpenSSL's CSPRNG.
    static func randomBytes(count: Int) throws(KeyError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else {
            throw .operationFailed("RAND_bytes: \(drainErrors())")
        }
        return bytes
    }

    /// Constant-time comparison of two equally long buffers.
    @inline(__always)
    static func constantTimeEqual(
        _ left: UnsafeRawPointer, _ right: UnsafeRawPointer, count: Int
    ) -> Bool {
        CRYPTO_memcmp(left, right, count) == 0
    }
}

/// A digest algorithm fetched once from the default provider. Fetching is a
/// locked lookup in OpenSSL 3, so hot paths reuse a fetched `EVP_MD`.
///
/// `@unchecked Sendable`: an `EVP_MD` is immutable after fetch and OpenSSL
/// documents fetched algorithms as safe to share between threads.
final class FetchedDigest: @unchecked Sendable {
    let pointer: OpaquePointer
    let outputLength: Int

    init(name: String) {
        guard let pointer = EVP_MD_fetch(nil, name, nil) else {
            // The default provider always has SHA-2; its absence is a broken install.
            preconditionFailure("OpenSSL cannot fetch digest \(name): \(LibCrypto.drainErrors())")
        }
        self.pointer = pointer
        self.outputLength = Int(EVP_MD_get_size(pointer))
    }

    deinit { EVP_MD_free(pointer) }

    static let sha256 = FetchedDigest(name: "SHA256")

    /// One-shot digest into `output` (at least `outputLength` bytes).
    func digest(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>) {
        var length: UInt32 = 0
        let ok = LibCrypto.withNonNullBase(bytes) { base, count in
            EVP_Digest(base, count, output, &length, pointer, nil)
        }
        precondition(ok == 1 && Int(length) == outputLength, "EVP_Digest failed: \(LibCrypto.drainErrors())")
    }
}

/// Owns one `EVP_MD_CTX`, for streaming digests.
final class DigestContext {
    let pointer: OpaquePointer
    let digest: FetchedDigest

    init(digest: FetchedDigest) {
        guard let pointer = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new: out of memory") }
        guard EVP_DigestInit_ex2(pointer, digest.pointer, nil) == 1 else {
            preconditionFailure("EVP_DigestInit_ex2: \(LibCrypto.drainErrors())")
        }
        self.pointer = pointer
        self.digest = digest
    }

    init(copying other: DigestContext) {
        guard let pointer = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new: out of memory") }
        guard EVP_MD_CTX_copy_ex(pointer, other.pointer) == 1 else {
            preconditionFailure("EVP_MD_CTX_copy_ex: \(LibCrypto.drainErrors())")
        }
        self.pointer = pointer
        self.digest = other.digest
    }

    deinit { EVP_MD_CTX_free(pointer) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(EVP_DigestUpdate(pointer, base, bytes.count) == 1, "EVP_DigestUpdate failed")
    }

    /// Starts this context again, digests `bytes` into `output` (at least
    /// the digest's length) and leaves it finished: one-shot digests
    /// without a context allocation each.
    func digestAgain(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>) {
        var length: UInt32 = 0
        precondition(EVP_DigestInit_ex2(pointer, digest.pointer, nil) == 1, "EVP_DigestInit_ex2 failed")
        update(bytes)
        precondition(EVP_DigestFinal_ex(pointer, output, &length) == 1 && Int(length) == digest.outputLength,
            "EVP_DigestFinal_ex failed")
    }

    /// Finishes this context; it must not be updated afterwards.
    func finalize() -> [UInt8] {
        var output = [UInt8](repeating: 0, count: digest.outputLength)
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(pointer, &output, &length) == 1, "EVP_DigestFinal_ex failed")
        return output
    }
}
