import Foundation
import ReconStore
import XCTest

/// Opt-in measurement, not part of the normal suite:
///
///     RECON_BENCHMARK_COPY_ROWS=1000000 swift test -c release --filter CopyBenchmarkTests
///
/// Streams that many 10-column rows through binary COPY and prints time and
/// the process's peak resident memory before and after, to show that memory
/// stays flat however many rows are sent.
final class CopyBenchmarkTests: XCTestCase {
    func testBinaryCopyStreamsWithBoundedMemory() throws {
        guard let rows = ProcessInfo.processInfo.environment["RECON_BENCHMARK_COPY_ROWS"].flatMap(Int64.init) else {
            throw XCTSkip("set RECON_BENCHMARK_COPY_ROWS to run the COPY benchmark")
        }
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute(
            """
            CREATE TABLE bench (
                id int8, txn_id text, merchant_id text, kind text, amount int8, currency text,
                created_at timestamptz, settlement_date date, settlement_ref text, extra jsonb)
            """)
        let encodeStarted = Date()
        var encodeOnly = BinaryCopyEncoder()
        var sink = 0
        for id in 1...rows {
            encodeOnly.beginRow(fieldCount: 4)
            encodeOnly.appendInt64(id)
            encodeOnly.appendText("merchant-acme")
            encodeOnly.appendDate(daysSince2000: 9_497)
            encodeOnly.appendJSONB(#"{"channel": "web"}"#)
            if encodeOnly.count >= BinaryCopyEncoder.defaultFlushSize {
                sink &+= encodeOnly.count
                encodeOnly.removeAll()
            }
        }
        print(
            "encode only: \(rows) rows x 4 fields (\(sink / 1_048_576) MiB) in "
                + String(format: "%.3f s", Date().timeIntervalSince(encodeStarted)))
        let peakBefore = Self.peakResidentKiB()
        let started = Date()
        var encodedBytes = 0
        let extra: [UInt8] = Array(#"{"channel": "web", "country": "DE"}"#.utf8)
        let copied = try connection.copyIn("COPY bench FROM STDIN (FORMAT binary)") { writer in
            var encoder = BinaryCopyEncoder()
            encoder.writeHeader()
            var txn: [UInt8] = Array("txn-0000000000".utf8)
            for id in 1...rows {
                Self.writeDecimal(id, into: &txn, digits: 10)
                encoder.beginRow(fieldCount: 10)
                encoder.appendInt64(id)
                encoder.appendText(txn)
                encoder.appendText("merchant-acme")
                encoder.appendText("payment")
                encoder.appendInt64(id % 100_000)
                encoder.appendText("EUR")
                encoder.appendTimestamp(microsecondsSince2000: 820_540_800_000_000 + id * 1_000)
                encoder.appendDate(daysSince2000: 9_497 + Int32(id % 30))
                encoder.appendText("SET-2026-01")
                encoder.appendJSONB(extra)
                if encoder.count >= BinaryCopyEncoder.defaultFlushSize {
                    encodedBytes += encoder.count
                    try writer.send(&encoder)
                }
            }
            encoder.writeTrailer()
            encodedBytes += encoder.count
            try writer.send(&encoder)
        }
        let seconds = Date().timeIntervalSince(started)
        let peakAfter = Self.peakResidentKiB()
        XCTAssertEqual(copied, rows)
        print(
            """
            COPY benchmark: \(rows) rows, \(encodedBytes / 1_048_576) MiB in \(String(format: "%.2f", seconds)) s \
            (\(Int(Double(rows) / seconds)) rows/s); peak RSS \(peakBefore / 1024) MiB before, \
            \(peakAfter / 1024) MiB after
            """)
    }

    private static func writeDecimal(_ value: Int64, into bytes: inout [UInt8], digits: Int) {
        var rest = value
        for index in stride(from: bytes.count - 1, through: bytes.count - digits, by: -1) {
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }

    /// VmHWM from /proc/self/status (Linux), in KiB.
    private static func peakResidentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
        }
        return -1
    }
}
