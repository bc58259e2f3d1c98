import Foundation
import ReconCore

/// Reads a file in large blocks with plain `read(2)`: no memory mapping, so a
/// file replaced or truncated under us is an error, not a SIGBUS.
final class FileByteStream: ByteStream {
    private let descriptor: Int32
    let path: String

    init(path: String) throws(InputError) {
        // O_NOFOLLOW: symlinks in an inbox are refused (they could point anywhere).
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "is a symbolic link; recon reads only regular files" : String(cString: strerror(errno))
            throw InputError(file: path, "cannot open: \(reason)")
        }
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Reused between reads; grown once to the largest request.
    private var scratch: [UInt8] = []

    func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        if scratch.count < maxCount { scratch = [UInt8](repeating: 0, count: maxCount) }
        while true {
            let result = scratch.withUnsafeMutableBytes { raw in Glibc.read(descriptor, raw.baseAddress!, maxCount) }
            if result < 0 && errno == EINTR { continue }
            guard result >= 0 else { throw InputError(file: path, "read failed: \(String(cString: strerror(errno)))") }
            buffer.append(contentsOf: scratch[0..<result])
            return result
        }
    }
}
