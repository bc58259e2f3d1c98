import ReconCore

/// One chunk of records as read, not yet verified.
struct RawChunk: Sendable {
    enum Item: Sendable {
        case csv(CSVReadResult)
        case json(JSONRecordResult, reportedLine: Int)
    }

    var items: [Item]
    var layout: CSVLayout?
}

/// A `ByteStream` that is either a plain file or a gzip-decoded one.
struct InputStream: ByteStream {
    var inner: any ByteStream

    init(path: String, gzip: Bool) throws {
        let file = try FileByteStream(path: path)
        inner = gzip ? try GzipByteStream(wrapping: file, path: path) : file
    }

    mutating func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        try inner.read(into: &buffer, maxCount: maxCount)
    }
}

/// Reads a transaction file chunk by chunk. Used by the pipeline's single
/// reader thread only, hence `@unchecked Sendable`.
final class ChunkReader: @unchecked Sendable {
    private enum Reader {
        case csv(CSVReader, CSVLayout?)
        case jsonLines(JSONLinesReader)
        case jsonArray(JSONArrayReader)
    }

    private var reader: Reader
    private let path: String

    init(path: String, detected: TransactionFileFormat.Detected) throws {
        self.path = path
        let stream = try InputStream(path: path, gzip: detected.gzip)
        switch detected.format {
        case .csv:
            var csv = CSVReader(stream)
            let layout: CSVLayout?
            do {
                layout = try CSVLayout(header: csv.readHeader(), file: path)
            } catch CSVHeaderError.missing {
                layout = nil  // an empty file: zero records
            } catch CSVHeaderError.malformed(let row) {
                throw InputError(file: path, line: row.line, "the header row is malformed: \(row.detail)")
            }
            reader = .csv(csv, layout)
        case .jsonLines:
            reader = .jsonLines(JSONLinesReader(stream))
        case .json:
            reader = .jsonArray(JSONArrayReader(stream))
        }
    }

    func next(maxRecords: Int) throws -> RawChunk? {
        var items: [RawChunk.Item] = []
        items.reserveCapacity(maxRecords)
        switch reader {
        case .csv(var csv, let layout):
            guard let layout else { return nil }
            while items.count < maxRecords, let result = try csv.next() { items.append(.csv(result)) }
            reader = .csv(csv, layout)
            return items.isEmpty ? nil : RawChunk(items: items, layout: layout)
        case .jsonLines(var lines):
            while items.count < maxRecords, let result = try lines.next() {
                items.append(.json(result, reportedLine: result.line))
            }
            reader = .jsonLines(lines)
        case .jsonArray(var array):
            do {
                // SPEC §6: for a `.json` array the reported "line" is the element index.
                while items.count < maxRecords, let result = try array.next() {
                    items.append(.json(result, reportedLine: result.index))
                }
            } catch let error as JSONParseError {
                throw InputError(file: path, line: error.line, "the JSON array is broken, so the file cannot be trusted: \(error.message)")
            }
            reader = .jsonArray(array)
        }
        return items.isEmpty ? nil : RawChunk(items: items, layout: nil)
    }
}
