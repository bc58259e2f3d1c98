import Foundation

/// A job definition (SPEC §8): where the inputs are, which keyring verifies
/// them, how to reconcile and where reports go. Paths are absolute once loaded.
public struct JobFile: Sendable {
    public struct Inbox: Sendable {
        public var path: String
        public var pattern: String
        public var format: String?
    }

    public var file: String
    public var name: String
    public var source: String
    public var timeZoneIdentifier: String
    public var schedule: String?
    public var transactions: Inbox
    public var bankStatements: Inbox?
    public var keyringPath: String
    public var windowDays: Int
    /// `reconcile.amount_tolerance` (SPEC §5.7): currency code → largest
    /// accepted |bank − expected| of a reference match, minor units. Empty:
    /// every match is exact.
    public var amountTolerance: [String: Int64] = [:]
    public var reportsPath: String
    public var metricsFile: String?

    public static let defaultWindowDays = 3

    /// Reads and validates a job file. Throws ``ConfigurationError`` (exit 78)
    /// naming the file, line and setting for anything wrong or unknown.
    public static func load(path: String) throws(ConfigurationError) -> JobFile {
        let file = PathResolution.absolute(path)
        let folder = (file as NSString).deletingLastPathComponent
        var root = try YAMLMapping.load(file: file, context: "")
        let known = [
            "name", "source", "timezone", "schedule", "transactions", "bank_statements", "keyring",
            "reconcile", "reports", "metrics_file",
        ]

        let name = try root.string("name")
        try requireSafeName(name, setting: "name", file: file, line: root.lineOf("name"))
        let source = try root.string("source")
        let zone = try root.optionalString("timezone") ?? "UTC"
        guard TimeZone(identifier: zone) != nil else {
            throw ConfigurationError(
                file: file, line: root.lineOf("timezone"),
                "timezone '\(zone)' is not a known IANA zone (e.g. Europe/Berlin, UTC)")
        }
        let schedule = try root.optionalString("schedule")
        if let schedule, schedule.split(separator: " ", omittingEmptySubsequences: true).count != 5 {
            throw ConfigurationError(
                file: file, line: root.lineOf("schedule"),
                "schedule must be a 5-field cron expression, e.g. \"30 2 * * *\"")
        }

        guard var transactionsMapping = try root.optionalMapping("transactions") else {
            throw ConfigurationError(file: file, line: root.line, "'transactions' is required: { path: inbox/transactions }")
        }
        let transactions = try inbox(&transactionsMapping, folder: folder, allowsFormat: false)
        var bankStatements: Inbox?
        if var bankMapping = try root.optionalMapping("bank_statements") {
            bankStatements = try inbox(&bankMapping, folder: folder, allowsFormat: true)
        }
        let keyring = PathResolution.resolve(try root.string("keyring"), against: folder)
        var windowDays = defaultWindowDays
        var amountTolerance: [String: Int64] = [:]
        if var reconcile = try root.optionalMapping("reconcile") {
            windowDays = try reconcile.optionalInt("window_days", range: 0...365) ?? defaultWindowDays
            amountTolerance = try Self.amountTolerance(&reconcile)
            try reconcile.finish(known: ["window_days", "amount_tolerance"])
        }
        var reportsPath = PathResolution.resolve("reports", against: folder)
        if var reports = try root.optionalMapping("reports") {
            reportsPath = PathResolution.resolve(try reports.string("path"), against: folder)
            try reports.finish(known: ["path"])
        }
        let metricsFile = try root.optionalString("metrics_file").map { PathResolution.resolve($0, against: folder) }
        try root.finish(known: known)

        var job = JobFile(
            file: file, name: name, source: source, timeZoneIdentifier: zone, schedule: schedule,
            transactions: transactions, bankStatements: bankStatements, keyringPath: keyring,
            windowDays: windowDays, reportsPath: reportsPath, metricsFile: metricsFile)
        job.amountTolerance = amountTolerance
        return job
    }

    private static func inbox(_ mapping: inout YAMLMapping, folder: String, allowsFormat: Bool)
        throws(ConfigurationError) -> Inbox
    {
        let path = PathResolution.resolve(try mapping.string("path"), against: folder)
        let pattern = try mapping.optionalString("pattern") ?? "*"
        var format: String?
        var known = ["path", "pattern"]
        if allowsFormat {
            known.append("format")
            format = try mapping.optionalString("format")
            if let value = format, !["auto", "csv", "camt053", "mt940", "bai2"].contains(value) {
                throw ConfigurationError(
                    file: mapping.file, line: mapping.lineOf("format"),
                    "\(mapping.context).format must be one of auto, csv, camt053, mt940, bai2")
            }
        }
        try mapping.finish(known: known)
        return Inbox(path: path, pattern: pattern, format: format)
    }

    /// Job names become folder names and lock keys: keep them to a safe alphabet.
    private static func requireSafeName(_ name: String, setting: String, file: String, line: Int?)
        throws(ConfigurationError)
    {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.properties.isASCIIHexDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0)
                || "-_.".unicodeScalars.contains($0))
        }
        guard allowed, !name.hasPrefix("."), name.count <= 64 else {
            throw ConfigurationError(
                file: file, line: line, "\(setting) '\(name)' may only use letters, digits, '-', '_' and '.'")
        }
    }
}
