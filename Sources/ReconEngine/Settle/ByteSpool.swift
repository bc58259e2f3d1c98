import Foundation
import ReconCore

/// Bytes held for a COPY that can only start later (one connection carries
/// one COPY at a time, and a batch's rejects go last).
/// Past a few megabytes they spill to an unlinked temporary file, so a batch
/// of millions of rows still runs in bounded memory.
final class ByteSpool {
    static let defaultMemoryLimit = 4 << 20

    /// Names the temporary file (with the process and batch), for a person
    /// who finds one left by a crash.
    private let purpose: String
    private let batchID: Int64
    private let memoryLimit: Int
    private var memory: [UInt8] = []
    private var spill: FileHandle?
    private(set) var count = 0

    init(purpose: String, batchID: Int64, memoryLimit: Int = ByteSpool.defaultMemoryLimit) {
        self.purpose = purpose
        self.batchID = batchID
        self.memoryLimit = memoryLimit
    }

    var hasSpilled: Bool { spill != nil }

    func append(_ bytes: [UInt8]) throws {
        memory.append(contentsOf: bytes)
        count += bytes.count
        if memory.count >= memoryLimit { try spillToDisk() }
    }

    /// Every byte appended so far, in order, in blocks of at most a megabyte.
    func forEachBlock(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        if let spill {
            try spill.seek(toOffset: 0)
            while let block = try spill.read(upToCount: 1 << 20), !block.isEmpty {
                try block.withUnsafeBytes { try body($0) }
            }
            try spill.seekToEnd()
        }
        try memory.withUnsafeBytes { try body($0) }
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
        try spill!.write(contentsOf: memory)
        memory.removeAll(keepingCapacity: true)
    }
}
