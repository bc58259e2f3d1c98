/// One record read by `JSONLinesReader` or `JSONArrayReader`.
public struct JSONRecordResult: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case value(JSONValue)
        /// The record could not be parsed; the detail says why, for reports.
        case malformed(detail: String)
    }

    /// Physical 1-based line on which the record starts.
    public let line: Int
    /// 1-based position of the record among the records of the file (blank
    /// lines of a JSON Lines file are not counted).
    public let index: Int
    public let content: Content

    public init(line: Int, index: Int, content: Content) {
        self.line = line
        self.index = index
        self.content = content
    }

    static func parsing(
        _ bytes: [UInt8], line: Int, index: Int, parser: JSONParser
    ) -> JSONRecordResult {
        do {
            let value = try parser.parse(bytes, firstLine: line)
            return JSONRecordResult(line: line, index: index, content: .value(value))
        } catch let error as JSONParseError {
            return JSONRecordResult(line: line, index: index, content: .malformed(detail: error.message))
        } catch {
            return JSONRecordResult(line: line, index: index, content: .malformed(detail: "\(error)"))
        }
    }
}
