import Foundation
import Logging
import ReconCore

public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Installs recon's stderr log handler once per process.
public enum LoggingSetup {
    nonisolated(unsafe) private static var installed = false
    private static let lock = NSLock()

    nonisolated(unsafe) private static var chosenFormat = LogFormat.text

    /// The format chosen at bootstrap (text until then).
    public static var format: LogFormat { lock.withLock { chosenFormat } }

    /// The last line of a failed command, in the chosen log format, so a JSON
    /// log stays one JSON object per line to the end.
    public static func errorLine(_ message: String, exitCode: Int32) -> String {
        guard format == .json else { return "recon: \(message)\n" }
        var writer = JSONLineWriter()
        writer.string("time", logTimestamp())
        writer.string("level", "error")
        writer.string("message", message)
        writer.integer("exit_code", Int(exitCode))
        return writer.finished() + "\n"
    }

    public static func bootstrapOnce(format: LogFormat, level: Logger.Level = .info) {
        lock.withLock {
            guard !installed else { return }
            installed = true
            chosenFormat = format
            LoggingSystem.bootstrap { label in
                var handler = StandardErrorLogHandler(label: label, format: format)
                handler.logLevel = level
                return handler
            }
        }
    }
}

/// Writes one line per log event to stderr, as text or as a JSON object with
/// `time`, `level`, `message` and the metadata (job, batch, file, counts).
/// Callers put only ids, file names and counts in metadata: never secrets or
/// record contents.
public struct StandardErrorLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let format: LogFormat

    public init(label: String, format: LogFormat) {
        self.label = label
        self.format = format
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        var all = metadata
        if let explicit { all.merge(explicit) { $1 } }
        let time = logTimestamp()
        let text: String
        switch format {
        case .text:
            let pairs = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            text = "\(time) \(level.rawValue.uppercased()) \(message)\(pairs.isEmpty ? "" : " " + pairs)\n"
        case .json:
            var writer = JSONLineWriter()
            writer.string("time", time)
            writer.string("level", level.rawValue)
            writer.string("message", message.description)
            for (key, value) in all.sorted(by: { $0.key < $1.key }) { writer.string(key, "\(value)") }
            text = writer.finished() + "\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Now, as every log line writes it: RFC 3339 in UTC with milliseconds.
func logTimestamp() -> String {
    ISO8601DateFormatter.string(
        from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withInternetDateTime, .withFractionalSeconds])
}
