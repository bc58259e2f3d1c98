import ReconCore
import ReconCrypto
import ReconStore

/// Exit codes of SPEC §7, and which error means which.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    /// Completed, but there are mismatches, rejected records or failed batches.
    case completedWithProblems = 1
    case usage = 64
    /// An input file is unusable (only where a command reads a single file).
    case unusableInput = 65
    case databaseUnavailable = 69
    case internalError = 70
    /// An output file (report, export, metrics) cannot be written.
    case outputNotWritable = 73
    /// Another run of the same job holds the lock.
    case locked = 75
    case invalidConfiguration = 78

    /// Classifies an error that ended a command: every error type recon
    /// throws says its own status (``ExitCoded``); anything else is a bug.
    public static func of(_ error: any Error) -> ExitStatus {
        (error as? any ExitCoded)?.exitStatus ?? .internalError
    }
}

/// An error that knows which SPEC §7 exit code it ends a command with. Each
/// conformance below decides per code or case with an exhaustive switch, so
/// a new case cannot fall through to 70 unnoticed; `ExitStatusTests` holds
/// the table.
public protocol ExitCoded: Error {
    var exitStatus: ExitStatus { get }
}

extension DatabaseError: ExitCoded {
    public var exitStatus: ExitStatus {
        switch code {
        case .unreachable, .authenticationFailed, .databaseMissing, .tlsRequired, .tlsFailed, .permissionDenied,
            .serverBusy, .connectionLost:
            return .databaseUnavailable
        case .statementFailed, .unexpectedResult:
            return .internalError
        }
    }
}

extension MigrationError: ExitCoded {
    public var exitStatus: ExitStatus {
        switch self {
        case .database(let error), .failed(_, let error):
            // A migration's own SQL failing on a live session is a bug in it.
            return error.exitStatus
        case .checksumMismatch, .missingFile, .invalidFileName, .duplicateNumber, .unreadable:
            return .invalidConfiguration
        }
    }
}

extension ConfigurationError: ExitCoded {
    public var exitStatus: ExitStatus { .invalidConfiguration }
}

extension KeyError: ExitCoded {
    public var exitStatus: ExitStatus { .invalidConfiguration }
}

extension StatementError: ExitCoded {
    public var exitStatus: ExitStatus { .unusableInput }
}

extension InputError: ExitCoded {
    public var exitStatus: ExitStatus { .unusableInput }
}

extension ReportWriteError: ExitCoded {
    public var exitStatus: ExitStatus { .outputNotWritable }
}

extension OutputWriteError: ExitCoded {
    public var exitStatus: ExitStatus { .outputNotWritable }
}

extension InternalError: ExitCoded {
    public var exitStatus: ExitStatus { .internalError }
}

/// The database is reachable but not migrated to what this recon needs.
public struct SchemaNotReady: Error, CustomStringConvertible, Sendable, ExitCoded {
    /// Versions this recon was built with that the database has not applied.
    public let missing: [String]
    /// False when the database has no `schema_migrations` at all.
    public let migratedBefore: Bool

    public init(missing: [String], migratedBefore: Bool) {
        self.missing = missing
        self.migratedBefore = migratedBefore
    }

    public var exitStatus: ExitStatus { .databaseUnavailable }

    public var description: String {
        let what = migratedBefore
            ? "the database schema is older than this recon: migrations \(missing.joined(separator: ", ")) are not applied"
            : "the database has no recon schema yet (no schema_migrations)"
        return what + "; run `recon db migrate` first"
    }
}

/// Another process holds the job's lock (SPEC §7: exit 75, try later).
public struct JobLocked: Error, CustomStringConvertible, Sendable, ExitCoded {
    public let job: String
    public var exitStatus: ExitStatus { .locked }
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
