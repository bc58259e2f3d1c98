import ReconCore
import ReconStore

/// Exit codes of SPEC §7, and which error means which.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// Completed, but there are mismatches, rejected records or failed batches.
    case completedWithProblems = 1
    case usage = 64
    /// An input file is unusable (only where a command reads a single file).
    case unusableInput = 65
    case databaseUnavailable = 69
    case internalError = 70
    /// Another run of the same job holds the lock.
    case locked = 75
    case invalidConfiguration = 78

    /// Classifies an error that ended a command.
    public static func of(_ error: any Error) -> ExitStatus {
        switch error {
        case is ConfigurationError: return .invalidConfiguration
        case let error as DatabaseError: return error.isConnectionFailure ? .databaseUnavailable : .internalError
        case is SchemaNotReady: return .databaseUnavailable
        case is JobLocked: return .locked
        case is InputError: return .unusableInput
        case is ReportWriteError: return .internalError
        default: return .internalError
        }
    }
}

/// The database is reachable but not migrated to what this recon needs.
public struct SchemaNotReady: Error, CustomStringConvertible, Sendable {
    /// Versions this recon was built with that the database has not applied.
    public let missing: [String]
    /// False when the database has no `schema_migrations` at all.
    public let migratedBefore: Bool

    public var description: String {
        let what = migratedBefore
            ? "the database schema is older than this recon: migrations \(missing.joined(separator: ", ")) are not applied"
            : "the database has no recon schema yet (no schema_migrations)"
        return what + "; run `recon db migrate` first"
    }
}

/// Another process holds the job's lock (SPEC §7: exit 75, try later).
public struct JobLocked: Error, CustomStringConvertible, Sendable {
    public let job: String
    public var description: String {
        "another recon run of job '\(job)' is in progress (it holds the job lock); try again later or pass --wait"
    }
}
