/// A JSON document for the report files, written pretty-printed with keys in
/// the order given.
///
/// A tree rather than `Codable` + `JSONEncoder` because the reports need a
/// fixed, readable key order and must never print money as a JSON number:
/// there is no case for a fractional number here at all. Integers are counts
/// only (lines, transactions, days). Strings are escaped by
/// ``JSONLineWriter/appendQuoted(_:to:)`` so recon has one JSON escaper.
public indirect enum ReportJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case string(String)
    /// A count, never money (money is a decimal string).
    case integer(Int)
    case array([ReportJSON])
    case object([Member])

    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: ReportJSON

        public init(_ key: String, _ value: ReportJSON) {
            self.key = key
            self.value = value
        }
    }

    /// A string, or null when absent.
    public static func optionalString(_ text: String?) -> ReportJSON {
        text.map(ReportJSON.string) ?? .null
    }

    /// A count, or null when absent.
    public static func optionalInteger(_ value: Int?) -> ReportJSON {
        value.map(ReportJSON.integer) ?? .null
    }

    /// Two-space indented text ending in a newline, as written to disk.
    public func prettyPrinted() -> String {
        var output = ""
        write(to: &output, indent: 0)
        return output + "\n"
    }

    /// The text of this value as an element nested at `indent` (no newline).
    func prettyPrinted(indent: Int) -> String {
        var output = ""
        write(to: &output, indent: indent)
        return output
    }

    private func write(to output: inout String, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .string(let text): JSONLineWriter.appendQuoted(text, to: &output)
        case .integer(let value): output += String(value)
        case .array(let elements):
            guard !elements.isEmpty else { output += "[]"; return }
            output += "[\n"
            for (index, element) in elements.enumerated() {
                output += ReportJSON.spaces(indent + 2)
                element.write(to: &output, indent: indent + 2)
                output += index == elements.count - 1 ? "\n" : ",\n"
            }
            output += ReportJSON.spaces(indent) + "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{\n"
            for (index, member) in members.enumerated() {
                output += ReportJSON.spaces(indent + 2)
                JSONLineWriter.appendQuoted(member.key, to: &output)
                output += ": "
                member.value.write(to: &output, indent: indent + 2)
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += ReportJSON.spaces(indent) + "}"
        }
    }

    static func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }
}
