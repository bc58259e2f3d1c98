import ReconCore
import ReconCrypto

/// The bank file read for parsing, hashed as it is read: what ingest stores
/// as the file's digest is the digest of the bytes it parsed, without holding
/// them. A reader may pass over the file more than once; each pass opens a
/// new stream and ``lastDigest`` is that of the last pass completed.
final class DigestingFileSource {
    let path: String
    private(set) var lastDigest: [UInt8]?

    init(path: String) { self.path = path }

    var source: StatementByteSource {
        StatementByteSource { [self] in DigestingFileStream(file: try FileByteStream(path: path), owner: self) }
    }

    fileprivate func completed(_ digest: [UInt8]) { lastDigest = digest }
}

private final class DigestingFileStream: ByteStream {
    private let file: FileByteStream
    private unowned let owner: DigestingFileSource
    private var hasher = SHA256Hasher()

    init(file: FileByteStream, owner: DigestingFileSource) {
        self.file = file
        self.owner = owner
    }

    func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        let start = buffer.count
        let count = try file.read(into: &buffer, maxCount: maxCount)
        if count == 0 {
            owner.completed(hasher.finalize())
        } else {
            buffer[start...].withUnsafeBytes { hasher.update($0) }
        }
        return count
    }
}
