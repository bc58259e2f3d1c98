/// Why a bank file (or one statement in it) cannot be used, and where.
///
/// `location` is a physical line (`line 12`) or, for camt, the line and the
/// XML element path (`line 40, Document/BkToCstmrStmt/Stmt/Ntry/Amt`), so an
/// operator can open the file at the right place.
public struct StatementError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The bytes are not a statement of the expected format.
        case malformed = "MALFORMED"
        /// A required element or field is absent.
        case missingField = "MISSING_FIELD"
        /// A field is present but its value is unusable (date, amount, currency).
        case invalidField = "INVALID_FIELD"
        /// Opening balance plus lines differs from the closing balance.
        case balanceMismatch = "BALANCE_MISMATCH"
        /// The file exceeds one of ``StatementLimits`` (depth, text, line,
        /// statement size), or carries a construct no statement needs (DTD).
        case limitExceeded = "LIMIT_EXCEEDED"
    }

    public var kind: Kind
    public var fileName: String
    public var location: String
    public var message: String

    public init(_ kind: Kind, fileName: String, location: String, _ message: String) {
        self.kind = kind
        self.fileName = fileName
        self.location = location
        self.message = message
    }

    public init(_ kind: Kind, fileName: String, line: Int, _ message: String) {
        self.init(kind, fileName: fileName, location: "line \(line)", message)
    }

    public var description: String { "\(fileName): \(location): \(message)" }
}
