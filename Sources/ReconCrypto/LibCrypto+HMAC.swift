internal import COpenSSL
internal import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HMAC through OpenSSL's `EVP_MAC`, keyed once, then computed from many
/// threads without locks.
///
/// Speed: fetching "HMAC" and keying a context per call costs more than the
/// MAC itself for short records, and duplicating a keyed context per call
/// still allocates about ten times (≈1.5 M/s against ≈2.6 M/s for reuse, on
/// 300-byte messages). So the key owns a few pre-keyed contexts ("slots"). A
/// call claims a free slot with one atomic compare-exchange, re-initializes it
/// with the same key (`EVP_MAC_init` with a NULL key, as `openssl speed`
/// does), and releases it. No thread ever waits: when every slot is busy the
/// call duplicates the keyed template instead.
///
/// `@unchecked Sendable`: after init only the slots' contexts change, and a
/// context is touched only by the thread holding its slot (acquire/release
/// ordering on the slot flag hands its state from one thread to the next).
/// The template is only read (`EVP_MAC_CTX_dup` does not modify its source).
final class HMACContextPool: @unchecked Sendable {
    let tagLength: Int
    private let template: OpaquePointer
    private let slots: [Slot]

    final class Slot: @unchecked Sendable {
        let inUse = Atomic<Bool>(false)
        let context: OpaquePointer
        init(context: OpaquePointer) { self.context = context }
        deinit { EVP_MAC_CTX_free(context) }
    }

    /// Keys a template with `secret`; OpenSSL keeps its own copy of the
    /// secret inside the contexts, so no Swift copy is retained.
    init(secret: [UInt8], digestName: String, tagLength: Int, slotCount: Int) throws(KeyError) {
        precondition(tagLength > 0 && tagLength <= Self.tagLengthMax, "HMAC tag length out of range")
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else {
            throw .operationFailed("EVP_MAC_fetch(HMAC): \(LibCrypto.drainErrors())")
        }
        defer { EVP_MAC_free(mac) }  // each context holds its own reference
        guard let template = EVP_MAC_CTX_new(mac) else { throw .operationFailed("EVP_MAC_CTX_new: out of memory") }
        // An OSSL_PARAM only points at its key and value, so both C strings
        // must stay alive until EVP_MAC_init has read them.
        let keyed: Int32 = "digest".withCString { parameterName in
            digestName.withCString { name in
                var parameters = [
                    OSSL_PARAM_construct_utf8_string(parameterName, UnsafeMutablePointer(mutating: name), 0),
                    OSSL_PARAM_construct_end(),
                ]
                return secret.withUnsafeBufferPointer { key in
                    LibCrypto.withNonNullBase(UnsafeRawBufferPointer(key)) { base, count in
                        EVP_MAC_init(template, base, count, &parameters)
                    }
                }
            }
        }
        guard keyed == 1, Int(EVP_MAC_CTX_get_mac_size(template)) == tagLength else {
            EVP_MAC_CTX_free(template)
            throw .operationFailed("EVP_MAC_init(HMAC-\(digestName)): \(LibCrypto.drainErrors())")
        }
        var slots: [Slot] = []
        for _ in 0..<slotCount {
            guard let context = EVP_MAC_CTX_dup(template) else {
                EVP_MAC_CTX_free(template)
                throw .operationFailed("EVP_MAC_CTX_dup: \(LibCrypto.drainErrors())")
            }
            slots.append(Slot(context: context))
        }
        self.template = template
        self.slots = slots
        self.tagLength = tagLength
    }

    deinit { EVP_MAC_CTX_free(template) }

    /// SHA-512's 64 bytes: the computed tag lives in a stack buffer this big.
    static let tagLengthMax = 64

    /// Slots per key: enough for every core to verify at once, with headroom.
    static var defaultSlotCount: Int {
        min(max(2 * Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 4), 32)
    }

    /// Writes the full tag of `message` into `tag` (at least `tagLength` bytes).
    func computeTag(_ message: UnsafeRawBufferPointer, into tag: UnsafeMutablePointer<UInt8>) -> Bool {
        for slot in slots {
            guard slot.inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
                continue
            }
            defer { slot.inUse.store(false, ordering: .releasing) }
            guard EVP_MAC_init(slot.context, nil, 0, nil) == 1 else { return false }
            return Self.finish(slot.context, message, tag, tagLength)
        }
        guard let context = EVP_MAC_CTX_dup(template) else { return false }
        defer { EVP_MAC_CTX_free(context) }
        return Self.finish(context, message, tag, tagLength)
    }

    private static func finish(
        _ context: OpaquePointer, _ message: UnsafeRawBufferPointer,
        _ tag: UnsafeMutablePointer<UInt8>, _ tagLength: Int
    ) -> Bool {
        let updated = LibCrypto.withNonNullBase(message) { base, count in
            EVP_MAC_update(context, base, count)
        }
        var written = 0
        guard updated == 1, EVP_MAC_final(context, tag, &written, tagLength) == 1, written == tagLength else {
            LibCrypto.clearErrors()
            return false
        }
        return true
    }

    /// Full-length tag check in constant time; a tag of any other length
    /// (truncated or padded) is refused before any comparison.
    func verify(message: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer) -> Bool {
        guard tag.count == tagLength, let expected = tag.baseAddress else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.tagLengthMax) { buffer in
            guard let computed = buffer.baseAddress, computeTag(message, into: computed) else { return false }
            defer { buffer.initialize(repeating: 0) }  // do not leave a valid tag on the stack
            return LibCrypto.constantTimeEqual(computed, expected, count: tagLength)
        }
    }
}
