/// What importing the bank inbox did, file by file.
public struct StatementImportReport: Sendable {
    public struct File: Sendable {
        public var name: String
        public var statements: Int
        public var linesNew: Int
        public var linesAlreadyKnown: Int
        /// Statements or whole files refused, each with why (balance check, parse error).
        public var errors: [String]
        public var alreadyImported: Bool
    }

    public var files: [File] = []
    public var gapsFound: [String] = []

    public init() {}

    public var errorCount: Int { files.reduce(0) { $0 + $1.errors.count } }
}
