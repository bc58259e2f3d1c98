import ArgumentParser
import Dispatch
import Foundation
import ReconCore
import ReconEngine

/// Large signed transaction files for the benchmark, written in blocks so
/// memory stays flat, signed in parallel.
struct BulkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk", abstract: "Write N signed transactions (benchmark input).")

    @Option(help: "Fixture keyring (from `keys`).") var keyring: String
    @Option(help: "Key id to sign with.") var key: String
    @Option(help: "Merchant id (must be allowed for the key).") var merchant: String
    @Option(help: "Currency code.") var currency = "EUR"
    @Option(help: "Number of records.") var rows: Int
    @Option(help: "csv, json or jsonl.") var format = "csv"
    @Option(help: "Output file.") var out: String
    @Option(help: "Prefix of txn ids, so several files do not collide.") var prefix = "T"
    @Option(help: "Transactions per settlement group.") var groupSize = 50
    @Option(help: "Settlement date of every record.") var settlementDate = "2026-11-20"
    @Option(help: "Also write a bank CSV with one payout line per settlement group (reconcile benchmark).")
    var bankOut: String?

    func run() throws {
        guard let outputFormat = FixtureFileWriter.Format(rawValue: format) else {
            throw ValidationFailure("--format must be csv, json or jsonl")
        }
        let signingKey = try FixtureSigners(keyring: keyring).key(key)
        guard let digits = Currency(code: currency)?.minorDigits else { throw ValidationFailure("unknown currency") }
        FileManager.default.createFile(atPath: out, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: out) else { throw ValidationFailure("cannot write \(out)") }
        defer { try? handle.close() }

        let blockSize = 20_000
        var written = 0
        var first = true
        var bank = try bankOut.map { try BankPayoutWriter(path: $0) }
        defer { try? bank?.finish() }
        while written < rows {
            let count = min(blockSize, rows - written)
            let start = written
            let records = SignedBlock(count: count) { offset in
                var record = makeRecord(index: start + offset, digits: digits)
                try? record.sign(with: signingKey)
                return record
            }.records
            var bytes = FixtureFileWriter.encode(records, format: outputFormat)
            switch outputFormat {
            case .csv where !first:
                // Drop the header line of every block after the first.
                if let newline = bytes.firstIndex(of: 10) { bytes.removeSubrange(...newline) }
            case .json:
                // Blocks of one array: strip brackets and join with commas.
                let body = bytes.dropFirst(2).dropLast(3)
                bytes = (first ? Array("[\n".utf8) : Array(",\n".utf8)) + body
            default: break
            }
            try handle.write(contentsOf: bytes)
            try bank?.add(records)
            first = false
            written += count
        }
        if outputFormat == .json { try handle.write(contentsOf: Array((rows == 0 ? "[\n]\n" : "\n]\n").utf8)) }
        print("wrote \(rows) records to \(out)")
    }

    private func makeRecord(index: Int, digits: Int) -> FixtureRecord {
        var generator = SplitMix64(seed: UInt64(index) &* 0x9E37_79B9_7F4A_7C15 ^ 0x5EED)
        let isRefund = generator.next() % 20 == 0
        let magnitude = Int64(generator.next() % 50_000 + 100)
        let amount = isRefund ? -magnitude : magnitude
        let second = index % 86_400
        let createdAt = String(
            format: "2026-11-19T%02d:%02d:%02dZ", second / 3600, second / 60 % 60, second % 60)
        return FixtureRecord([
            ("txn_id", "\(prefix)\(index)"),
            ("merchant_id", merchant),
            ("type", isRefund ? "refund" : "payment"),
            ("amount", MinorUnits.format(amount, digits: digits)),
            ("currency", currency),
            ("created_at", createdAt),
            ("settlement_date", settlementDate),
            ("settlement_ref", "PO-\(merchant.uppercased())-\(prefix)\(index / max(groupSize, 1))"),
            ("key_id", key),
        ])
    }
}

/// Builds `count` records in parallel on every core.
struct SignedBlock {
    let records: [FixtureRecord]

    init(count: Int, make: @escaping @Sendable (Int) -> FixtureRecord) {
        let slots = UnsafeMutableBufferPointer<FixtureRecord?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        nonisolated(unsafe) let shared = slots
        DispatchQueue.concurrentPerform(iterations: count) { index in shared[index] = make(index) }
        records = slots.compactMap { $0 }
    }
}


/// One bank line per settlement group, paying exactly its net, booked on the
/// settlement date: what a bank statement looks like when everything is fine.
/// Groups are contiguous in a bulk file, so a running sum is enough.
struct BankPayoutWriter {
    private let handle: FileHandle
    private var currentReference: String?
    private var currentNet: Int64 = 0
    private var currentRecord: FixtureRecord?
    private var pending: [UInt8] = []
    private var lineNumber = 0

    init(path: String) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ValidationFailure("cannot write \(path)") }
        self.handle = handle
        pending += Array("account,booking_date,value_date,amount,currency,reference,description,bank_txn_id\n".utf8)
    }

    mutating func add(_ records: [FixtureRecord]) throws {
        for record in records {
            let reference = record["settlement_ref"] ?? ""
            if reference != currentReference { flushGroup() }
            currentReference = reference
            currentRecord = record
            let digits = Currency(code: record["currency"] ?? "")?.minorDigits ?? 2
            currentNet += MinorUnits.parse(record["amount"] ?? "0", digits: digits) ?? 0
        }
        if pending.count > 1 << 20 {
            try handle.write(contentsOf: pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    private mutating func flushGroup() {
        guard let record = currentRecord, let reference = currentReference,
            let currency = Currency(code: record["currency"] ?? "")
        else { return }
        lineNumber += 1
        let date = record["settlement_date"] ?? ""
        FixtureFileWriter.appendCSVRow(
            [
                "BENCH-ACCT-1", date, date, MinorUnits.format(currentNet, digits: currency.minorDigits), currency.code,
                // The bank's line id is unique per account: the reference makes it so across files.
                reference, "PAYOUT \(reference)", "BL-\(reference)",
            ], to: &pending)
        currentNet = 0
        currentRecord = nil
    }

    mutating func finish() throws {
        flushGroup()
        try handle.write(contentsOf: pending)
        try handle.close()
    }
}
