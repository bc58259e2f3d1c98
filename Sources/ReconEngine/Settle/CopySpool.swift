import Foundation
import ReconCore
import ReconStore

/// Binary COPY rows held until the connection is free for another COPY,
/// in a ``ByteSpool`` (bounded memory however many rows).
final class CopySpool {
    private static let encoderFlushBytes = 64 << 10

    /// The `copy … from stdin with (format binary)` the rows are for.
    private let copyStatement: String
    private let bytes: ByteSpool
    private var encoder = BinaryCopyEncoder(reservingCapacity: 64 << 10)
    private(set) var rowCount: Int64 = 0

    init(copyStatement: String, purpose: String, batchID: Int64) {
        self.copyStatement = copyStatement
        bytes = ByteSpool(purpose: purpose, batchID: batchID)
    }

    /// Appends one row encoded by `encode` (which must write exactly one row).
    func add(encodingWith encode: (inout BinaryCopyEncoder) -> Void) throws {
        encode(&encoder)
        rowCount += 1
        if encoder.count >= Self.encoderFlushBytes {
            try bytes.append(encoder.bytes)
            encoder.removeAll()
        }
    }

    /// COPYs every row (inside the caller's transaction); returns the number
    /// of rows the server stored. Nothing is sent when the spool is empty.
    @discardableResult
    func copy(into connection: PostgresConnection) throws -> Int64 {
        guard rowCount > 0 else { return 0 }
        return try connection.copyIn(copyStatement) { writer in
            var header = BinaryCopyEncoder(reservingCapacity: 32)
            header.writeHeader()
            try writer.send(header.bytes)
            try bytes.forEachBlock { try writer.send($0) }
            var tail = encoder
            tail.writeTrailer()
            try writer.send(tail.bytes)
        }
    }
}
