/// Why a JSON text was rejected, with where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Physical 1-based line of the problem in the input.
    public let line: Int
    /// Byte offset of the problem in the parsed bytes.
    public let offset: Int
    public let message: String

    public init(line: Int, offset: Int, message: String) {
        self.line = line
        self.offset = offset
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
