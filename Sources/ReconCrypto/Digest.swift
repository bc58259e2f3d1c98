/// SHA-256 of whole buffers (file fingerprints, SPEC §3.3).
public enum Digest {
    public static let sha256Length = 32

    /// SHA-256 in one call, with the digest fetched once per process.
    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: sha256Length) { output, count in
            FetchedDigest.sha256.digest(bytes, into: output.baseAddress!)
            count = sha256Length
        }
    }

    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { sha256($0) }
    }
}

/// Incremental SHA-256, for hashing a file while it streams.
///
/// A value type: copying a hasher and updating the copy leaves the original
/// untouched (the OpenSSL context is copied on write).
///
/// `@unchecked Sendable` for the same reason as `Array`: the shared context
/// is only read while shared (uniqueness is checked before every write), so
/// a hasher may move to another task or thread.
public struct SHA256Hasher: @unchecked Sendable {
    private var context: DigestContext

    public init() {
        context = DigestContext(digest: .sha256)
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if !isKnownUniquelyReferenced(&context) {
            context = DigestContext(copying: context)
        }
        context.update(bytes)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything so far; the hasher may keep being updated.
    public func finalize() -> [UInt8] {
        DigestContext(copying: context).finalize()
    }
}

/// One-shot SHA-256 digests on one reused OpenSSL context: `EVP_Digest`
/// allocates, initialises and frees a context per call, which for the two
/// digests of every settled row (content hash, chain row digest) cost more
/// than the hashing of their ~150 bytes. One per worker and chunk; not
/// shared between threads.
public final class ReusableSHA256 {
    private let context: DigestContext

    public init() {
        context = DigestContext(digest: .sha256)
    }

    public func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Digest.sha256Length) { output, count in
            context.digestAgain(bytes, into: output.baseAddress!)
            count = Digest.sha256Length
        }
    }

    public func digest(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { digest($0) }
    }

    /// The digest of `bytes` appended to `output`: no array per digest, for
    /// a digest per settled row (the batch chain).
    public func digest(_ bytes: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: Digest.sha256Length))
        output.withUnsafeMutableBufferPointer { buffer in
            context.digestAgain(bytes, into: buffer.baseAddress! + start)
        }
    }
}
