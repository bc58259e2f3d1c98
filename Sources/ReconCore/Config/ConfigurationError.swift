/// A job file or keyring that recon refuses to run with (exit 78).
///
/// Every message names the file, the line where known, the setting and what to
/// do. Secret values are never part of a message: only key ids and file paths.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
