/// One CSV record: the unescaped bytes of all its fields in one contiguous
/// array plus where each field starts and ends in it.
///
/// One array for the whole record instead of one `String` per field is what
/// keeps reading a million rows cheap; callers take `String`s only for the
/// fields they need, or read the bytes in place. The reader usually copies a
/// record's line in one piece, so separators and quotes may sit between the
/// fields in `bytes`: use `fieldRange(_:)`, never offsets of your own.
public struct CSVRecord: Sendable, Equatable {
    /// Physical 1-based line on which the record starts.
    public internal(set) var line: Int
    /// Field bytes, field after field; field `i` is `bytes[fieldRange(i)]`.
    public internal(set) var bytes: [UInt8]
    /// Start and end offset in `bytes` of each field, interleaved: field `i`
    /// is `fieldBounds[2i]..<fieldBounds[2i+1]`. One array, not two, because
    /// each array is an allocation per record on the `next()` path.
    var fieldBounds: [Int]

    public init(line: Int = 0) {
        self.line = line
        self.bytes = []
        self.fieldBounds = []
    }

    /// Builds a record from field texts (tests, fixtures).
    public init(line: Int, fields: [String]) {
        self.init(line: line)
        for field in fields {
            let start = bytes.count
            bytes.append(contentsOf: field.utf8)
            appendField(start..<bytes.count)
        }
    }

    public var fieldCount: Int { fieldBounds.count / 2 }

    /// Byte range of field `index` within `bytes`.
    public func fieldRange(_ index: Int) -> Range<Int> {
        precondition(index >= 0 && index < fieldCount, "field index out of range")
        return fieldBounds[2 * index]..<fieldBounds[2 * index + 1]
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

    /// Records are equal when their lines and field texts are, however the
    /// bytes are laid out.
    public static func == (lhs: CSVRecord, rhs: CSVRecord) -> Bool {
        lhs.line == rhs.line && lhs.fieldCount == rhs.fieldCount
            && (0..<lhs.fieldCount).allSatisfy { lhs.fieldBytes($0) == rhs.fieldBytes($0) }
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fieldBounds.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func appendField(_ range: Range<Int>) {
        fieldBounds.append(range.lowerBound)
        fieldBounds.append(range.upperBound)
    }

    mutating func setFieldEnd(_ index: Int, to end: Int) {
        fieldBounds[2 * index + 1] = end
    }

    mutating func reserveCapacity(byteCount: Int, fieldCount: Int) {
        bytes.reserveCapacity(byteCount)
        fieldBounds.reserveCapacity(2 * fieldCount)
    }
}
