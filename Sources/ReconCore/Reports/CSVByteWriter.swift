/// The rules of ``CSVWriter`` (RFC 4180 quoting, `\n` line ends, formula
/// protection of input text) written straight into UTF-8 bytes, for lists of
/// 100,000 rows: appending to a `String` field by field, and scanning each
/// field's Unicode scalars for a comma, cost more than reading the rows.
/// Every byte a rule looks at is ASCII, and UTF-8 never has an ASCII byte
/// inside a multi-byte character, so byte-wise checks are exact.
public struct CSVByteWriter {
    public private(set) var bytes: [UInt8] = []
    private var fieldsInRow = 0

    public init(header: [String], reservingRows rows: Int = 0, bytesPerRow: Int = 128) {
        bytes.reserveCapacity(64 + rows * bytesPerRow)
        for name in header { own(name) }
        endRow()
    }

    /// Text from input (or typed by people): `'` before `=`, `+`, `-`, `@`, tab, CR.
    public mutating func input(_ text: String?) {
        separate()
        guard let text else { return }
        var utf8 = text.utf8
        if let first = utf8.first, Self.isFormulaStart(first) {
            append("'" + text)
            return
        }
        append(utf8: &utf8)
    }

    /// Text recon produced itself (amounts, dates, codes): never prefixed.
    public mutating func own(_ text: String?) {
        separate()
        guard let text else { return }
        var utf8 = text.utf8
        append(utf8: &utf8)
    }

    /// ASCII bytes recon produced (digits, dates), needing no quotes.
    public mutating func ownASCII(_ ascii: [UInt8]) {
        separate()
        bytes.append(contentsOf: ascii)
    }

    public mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        fieldsInRow = 0
    }

    private mutating func separate() {
        if fieldsInRow > 0 { bytes.append(UInt8(ascii: ",")) }
        fieldsInRow += 1
    }

    private mutating func append(_ text: String) {
        var utf8 = text.utf8
        append(utf8: &utf8)
    }

    private mutating func append(utf8: inout String.UTF8View) {
        let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(0x22)
        for byte in utf8 {
            bytes.append(byte)
            if byte == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
    }

    static func isFormulaStart(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D
    }
}
