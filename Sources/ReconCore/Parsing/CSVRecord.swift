/// One CSV record: the unescaped bytes of all its fields in one contiguous
/// array plus where each field ends.
///
/// One array for the whole record instead of one `String` per field is what
/// keeps reading a million rows cheap; callers take `String`s only for the
/// fields they need, or read the bytes in place.
public struct CSVRecord: Sendable, Equatable {
    /// Physical 1-based line on which the record starts.
    public internal(set) var line: Int
    /// Unescaped field bytes, field after field, without separators.
    public internal(set) var bytes: [UInt8]
    /// `fieldEnds[i]` is the offset in `bytes` just past field `i`.
    public internal(set) var fieldEnds: [Int]

    public init(line: Int = 0) {
        self.line = line
        self.bytes = []
        self.fieldEnds = []
    }

    /// Builds a record from field texts (tests, fixtures).
    public init(line: Int, fields: [String]) {
        self.init(line: line)
        for field in fields {
            bytes.append(contentsOf: field.utf8)
            fieldEnds.append(bytes.count)
        }
    }

    public var fieldCount: Int { fieldEnds.count }

    /// Byte range of field `index` within `bytes`.
    public func fieldRange(_ index: Int) -> Range<Int> {
        precondition(index >= 0 && index < fieldEnds.count, "field index out of range")
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return start..<fieldEnds[index]
    }

    /// The text of field `index`. The reader has already checked it is UTF-8.
    public func field(_ index: Int) -> String {
        String(decoding: bytes[fieldRange(index)], as: UTF8.self)
    }

    public func fieldBytes(_ index: Int) -> ArraySlice<UInt8> {
        bytes[fieldRange(index)]
    }

    /// Gives `body` the bytes of field `index` without copying them.
    public func withFieldBytes<Result>(
        _ index: Int, _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        let range = fieldRange(index)
        return try bytes.withUnsafeBytes { all in
            try body(UnsafeRawBufferPointer(rebasing: all[range]))
        }
    }

    /// All fields as `String`s (convenient, allocates one per field).
    public var fields: [String] {
        (0..<fieldCount).map(field)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
    }
}
