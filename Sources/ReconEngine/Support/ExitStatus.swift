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
    public let description: String
}

/// Another process holds the job's lock (SPEC §7: exit 75, try later).
public struct JobLocked: Error, CustomStringConvertible, Sendable {
    public let job: String
    /// Who holds the lock (nil: released meanwhile, or not visible to this role).
    public var holder: JobLockHolder? = nil
    /// How long this command waited (`--wait-lock`), nil when it did not.
    public var waitedMilliseconds: Int? = nil

    public var description: String {
        var text = "job '\(job)' is locked by another session (another recon run, or one that crashed)"
        if let waitedMilliseconds { text += " (waited \(Double(waitedMilliseconds) / 1000) s)" }
        if let holder {
            text += ": \(holder). If that process is gone, its backend ends within seconds once the server notices;"
            text += " to end it now: select pg_terminate_backend(\(holder.backendPID))"
        }
        return text + "; try again later, or pass --wait or --wait-lock DURATION"
    }
}
