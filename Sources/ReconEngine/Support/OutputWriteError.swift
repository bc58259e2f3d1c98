import Foundation

/// An output file other than the reports (an export's `--out`, the metrics
/// file) could not be written (SPEC §7: exit 73). Nothing else was affected.
public struct OutputWriteError: Error, CustomStringConvertible, Sendable {
    public let path: String
    /// What the file is, for the message: "the export", "the metrics file".
    public let what: String
    public let reason: String

    public init(path: String, what: String, reason: String) {
        self.path = path
        self.what = what
        self.reason = reason
    }

    public var description: String {
        "cannot write \(what) to \(path): \(reason); check that its folder exists and is writable by this user"
    }
}

/// Writes `data` to `path` through a temporary file beside it and a rename,
/// so a reader never sees half a file, with `mode` (0640 by default: reports
/// and exports carry merchant and amount data, SPEC-free decision in README).
public enum OutputFile {
    public static func write(_ data: Data, to path: String, what: String, mode: mode_t = 0o640) throws(OutputWriteError) {
        let temporary = path + ".tmp-\(getpid())"
        func fail() -> OutputWriteError {
            let error = OutputWriteError(path: path, what: what, reason: String(cString: strerror(errno)))
            unlink(temporary)
            return error
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw fail() }
        let complete = data.withUnsafeBytes { buffer -> Bool in
            var written = 0
            while written < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0, errno != EINTR { return false }
                written += max(count, 0)
            }
            // open() applied the umask; the mode is what was asked for.
            return fchmod(descriptor, mode) == 0
        }
        guard complete else {
            let error = fail()
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0, rename(temporary, path) == 0 else { throw fail() }
    }
}
