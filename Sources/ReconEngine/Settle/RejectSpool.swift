import Foundation
import ReconCore
import ReconStore

/// Holds the rejections of one batch until the main COPY is done (one
/// connection carries one COPY at a time). Past a few megabytes it spills to an
/// unlinked temporary file, so a file of a million bad rows still runs in
/// bounded memory.
final class RejectSpool {
    private static let memoryLimitBytes = 4 << 20

    private let batchID: Int64
    private var encoder = BinaryCopyEncoder(reservingCapacity: 64 << 10)
    private var spill: FileHandle?
    private(set) var count: Int64 = 0
    private(set) var countsByReason: [ReasonCode: Int64] = [:]

    init(batchID: Int64) {
        self.batchID = batchID
    }

    func add(_ rejections: [Rejection]) throws {
        for rejection in rejections {
            RejectedRow.append(rejection, batchID: batchID, to: &encoder)
            count += 1
            countsByReason[rejection.reason, default: 0] += 1
        }
        if encoder.count >= Self.memoryLimitBytes { try spillToDisk() }
    }

    private func spillToDisk() throws {
        if spill == nil {
            let path = NSTemporaryDirectory() + "recon-rejects-\(getpid())-\(batchID)-\(UInt32.random(in: 0...UInt32.max))"
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                let handle = FileHandle(forUpdatingAtPath: path)
            else { throw InputError(file: path, "cannot create a temporary file for rejected records") }
            unlink(path)
            spill = handle
        }
        try spill!.write(contentsOf: encoder.bytes)
        encoder.removeAll()
    }

    /// COPYs every rejection into `rejected_records` (inside the caller's transaction).
    func copy(into connection: PostgresConnection) throws {
        guard count > 0 else { return }
        _ = try connection.copyIn("copy rejected_records (\(RejectedRow.columnList)) from stdin with (format binary)") {
            writer in
            var header = BinaryCopyEncoder(reservingCapacity: 32)
            header.writeHeader()
            try writer.send(header.bytes)
            if let spill {
                try spill.seek(toOffset: 0)
                while let block = try spill.read(upToCount: 1 << 20), !block.isEmpty {
                    try writer.send([UInt8](block))
                }
            }
            var tail = encoder
            tail.writeTrailer()
            try writer.send(tail.bytes)
        }
    }
}
