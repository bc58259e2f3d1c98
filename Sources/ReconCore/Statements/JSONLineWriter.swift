/// Builds one JSON object on one line, members in the order written.
///
/// Hand-written on purpose: every value recon prints here is a string or
/// null (money included, as decimal strings), and a generic serializer would
/// reorder keys or be tempted to print numbers.
public struct JSONLineWriter {
    public init() {}

    private var output = "{"
    private var isFirst = true

    public mutating func string(_ key: String, _ value: String?) {
        member(key)
        if let value { JSONLineWriter.appendQuoted(value, to: &output) } else { output += "null" }
    }

    /// Counts such as line numbers; never money (money is a decimal string).
    public mutating func integer(_ key: String, _ value: Int) {
        member(key)
        output += String(value)
    }

    /// An array of strings.
    public mutating func strings(_ key: String, _ values: [String]) {
        member(key)
        output += "["
        for (index, value) in values.enumerated() {
            if index > 0 { output += "," }
            JSONLineWriter.appendQuoted(value, to: &output)
        }
        output += "]"
    }

    /// A nested object given as already-written JSON (from another writer).
    public mutating func object(_ key: String, _ json: String) {
        member(key)
        output += json
    }

    public func finished() -> String { output + "}" }

    private mutating func member(_ key: String) {
        if !isFirst { output += "," }
        isFirst = false
        JSONLineWriter.appendQuoted(key, to: &output)
        output += ":"
    }

    /// RFC 8259 escaping: quote, backslash and control characters; everything
    /// else is written as UTF-8 unchanged.
    public static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        // Most text needs no escape: appended whole (the loop below is the printer's main cost otherwise).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}" {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
