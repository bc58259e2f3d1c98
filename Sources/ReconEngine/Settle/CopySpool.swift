import Foundation
import ReconCore
import ReconStore

/// Binary COPY rows held until the connection is free for another COPY (one
/// connection carries one COPY at a time). Past a few megabytes it spills to
/// an unlinked temporary file, so a batch of millions of rows still runs in
/// bounded memory.
final class CopySpool {
    private static let memoryLimitBytes = 4 << 20

    /// `COPY <target> FROM STDIN`: table name and column list.
    private let target: String
    /// Names the temporary file (with the process and batch), for a person
    /// who finds one left by a crash.
    private let purpose: String
    private let batchID: Int64
    private var encoder = BinaryCopyEncoder(reservingCapacity: 64 << 10)
    private var spill: FileHandle?
    private(set) var rowCount: Int64 = 0

    init(target: String, purpose: String, batchID: Int64) {
        self.target = target
        self.purpose = purpose
        self.batchID = batchID
    }

    /// Appends one row encoded by `encode` (which must write exactly one row).
    func add(encodingWith encode: (inout BinaryCopyEncoder) -> Void) throws {
        encode(&encoder)
        rowCount += 1
        if encoder.count >= Self.memoryLimitBytes { try spillToDisk() }
    }

    private func spillToDisk() throws {
        if spill == nil {
            let path = NSTemporaryDirectory()
                + "recon-\(purpose)-\(getpid())-\(batchID)-\(UInt32.random(in: 0...UInt32.max))"
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                let handle = FileHandle(forUpdatingAtPath: path)
            else { throw InputError(file: path, "cannot create a temporary file for \(purpose)") }
            unlink(path)
            spill = handle
        }
        try spill!.write(contentsOf: encoder.bytes)
        encoder.removeAll()
    }

    /// COPYs every row (inside the caller's transaction); returns the number
    /// of rows the server stored. Nothing is sent when the spool is empty.
    @discardableResult
    func copy(into connection: PostgresConnection) throws -> Int64 {
        guard rowCount > 0 else { return 0 }
        return try connection.copyIn("copy \(target) from stdin with (format binary)") { writer in
            var header = BinaryCopyEncoder(reservingCapacity: 32)
            header.writeHeader()
            try writer.send(header.bytes)
            if let spill {
                try spill.seek(toOffset: 0)
                while let block = try spill.read(upToCount: 1 << 20), !block.isEmpty {
                    try block.withUnsafeBytes { try writer.send($0) }
                }
            }
            var tail = encoder
            tail.writeTrailer()
            try writer.send(tail.bytes)
        }
    }
}
