import ReconCore

/// A stream that hands out its bytes a few at a time (1...7, from the input's
/// first byte), so records straddle chunk boundaries and the byte-by-byte path
/// of `CSVReader` is compared with the in-chunk fast path.
struct TrickleStream: ByteStream {
    let bytes: [UInt8]
    var position = 0
    var step: Int
    init(_ bytes: [UInt8], seed: UInt8) {
        self.bytes = bytes
        self.step = Int(seed % 7) + 1
    }
    mutating func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        let count = min(maxCount, step, bytes.count - position)
        guard count > 0 else { return 0 }
        buffer.append(contentsOf: bytes[position..<position + count])
        position += count
        step = step % 7 + 1
        return count
    }
}

/// Touches every field of a record through every accessor.
func exercise(_ record: CSVRecord) -> Int {
    var total = record.line + record.bytes.count
    for index in 0..<record.fieldCount {
        let range = record.fieldRange(index)
        precondition(range.lowerBound >= 0 && range.upperBound <= record.bytes.count, "field range out of bounds")
        total &+= record.field(index).utf8.count
        total &+= record.fieldBytes(index).count
        total &+= record.withFieldBytes(index) { $0.count }
    }
    precondition(record.fields.count == record.fieldCount, "fields/fieldCount disagree")
    return total
}

func readAll(_ reader: inout CSVReader) -> [CSVReadResult] {
    var results: [CSVReadResult] = []
    while let result = try! reader.next() {
        if case .record(let record) = result { _ = exercise(record) }
        results.append(result)
    }
    return results
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    // 1. Default limits, whole input in one chunk, `next()`.
    var whole = CSVReader(ByteArrayStream(bytes))
    let expected = readAll(&whole)

    // 2. Same limits, input trickled in tiny chunks, `read(into:)` reusing one
    //    record: must give exactly the same records and malformed rows.
    var trickled = CSVReader(TrickleStream(bytes, seed: bytes.first ?? 0))
    var record = CSVRecord()
    var index = 0
    while true {
        let status = try! trickled.read(into: &record)
        let got: CSVReadResult
        switch status {
        case .endOfInput:
            precondition(index == expected.count, "trickled stream ended after \(index) rows, whole input had \(expected.count)")
            index = -1
        case .record:
            _ = exercise(record)
            got = .record(record)
            precondition(index < expected.count && expected[index] == got,
                "row \(index) differs between chunkings: \(got) vs \(index < expected.count ? "\(expected[index])" : "nothing")")
        case .malformed(let row):
            got = .malformed(row)
            precondition(index < expected.count && expected[index] == got,
                "row \(index) differs between chunkings: \(got) vs \(index < expected.count ? "\(expected[index])" : "nothing")")
        }
        if index < 0 { break }
        index += 1
    }

    // 3. Tiny limits, blank lines kept: every limit path.
    var tight = CSVReader(ByteArrayStream(bytes), maxFieldBytes: 5, maxFieldCount: 3, skipsBlankLines: false)
    _ = readAll(&tight)
    var tightTrickled = CSVReader(
        TrickleStream(bytes, seed: bytes.last ?? 0), maxFieldBytes: 0, maxFieldCount: 1, skipsBlankLines: false)
    _ = readAll(&tightTrickled)

    // 4. Header.
    var headerReader = CSVReader(ByteArrayStream(bytes))
    if let header = try? headerReader.readHeader() { _ = exercise(header) }

    // 5. Bank statement CSV over the same bytes.
    if let statements = try? BankCSVReader.parse(bytes, fileName: "fuzz.csv") {
        _ = StatementPrinter.render(statements)
        for statement in statements { _ = BalanceCheck.check(statement) }
    }
    return 0
}
