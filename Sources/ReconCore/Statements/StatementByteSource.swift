import Foundation

/// A statement file's bytes, readable from the start as often as a reader
/// needs (MT940 and BAI2 first check the whole file's encoding, bank CSV
/// first checks that each account's rows are together) and always in chunks
/// of at most ``chunkBytes``: no reader holds the whole file.
public struct StatementByteSource {
    /// What one read asks for: large enough that a 100 MB file is 1,600 reads.
    public static let chunkBytes = 1 << 16
    private let openStream: () throws -> any ByteStream

    /// `open` starts a new stream at the file's first byte on every call.
    public init(open: @escaping () throws -> any ByteStream) {
        self.openStream = open
    }

    /// Bytes already in memory (tests, `parse(_:fileName:)`).
    public static func bytes(_ bytes: [UInt8]) -> StatementByteSource {
        StatementByteSource { ByteArrayStream(bytes) }
    }

    /// The file at `path`, read with `read(2)`.
    public static func file(path: String) -> StatementByteSource {
        StatementByteSource { try StatementFileStream(path: path) }
    }

    /// Calls `body` with each chunk in file order. A stream that fails is a
    /// `StatementError` naming the file; `body`'s own errors pass unchanged.
    func forEachChunk(fileName: String, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        var stream: any ByteStream
        do {
            stream = try openStream()
        } catch {
            throw StatementError(.malformed, fileName: fileName, line: 1, "cannot open the file for reading: \(error)")
        }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(Self.chunkBytes)
        while true {
            chunk.removeAll(keepingCapacity: true)
            let count: Int
            do {
                count = try stream.read(into: &chunk, maxCount: Self.chunkBytes)
            } catch {
                throw StatementError(.malformed, fileName: fileName, line: 1, "cannot read the file: \(error)")
            }
            if count == 0 { return }
            try body(chunk[...])
        }
    }

    /// The first `count` bytes (format detection).
    func head(_ count: Int, fileName: String) throws -> [UInt8] {
        var head: [UInt8] = []
        struct Enough: Error {}
        do {
            try forEachChunk(fileName: fileName) { chunk in
                head += chunk.prefix(count - head.count)
                if head.count >= count { throw Enough() }
            }
        } catch is Enough {}
        return head
    }
}

/// A regular file read in chunks with plain `read(2)` (no memory mapping: a
/// file truncated while it is read is an error, not a SIGBUS).
final class StatementFileStream: ByteStream {
    private let descriptor: Int32
    private var scratch: [UInt8] = []

    init(path: String) throws(StatementFileError) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StatementFileError(reason: String(cString: strerror(errno))) }
    }

    deinit { close(descriptor) }

    func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        if scratch.count < maxCount { scratch = [UInt8](repeating: 0, count: maxCount) }
        while true {
            let result = scratch.withUnsafeMutableBytes { raw in Glibc.read(descriptor, raw.baseAddress!, maxCount) }
            if result < 0 && errno == EINTR { continue }
            guard result >= 0 else { throw StatementFileError(reason: String(cString: strerror(errno))) }
            buffer.append(contentsOf: scratch[0..<result])
            return result
        }
    }
}

struct StatementFileError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
