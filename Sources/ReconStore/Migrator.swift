#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Applies forward-only SQL migrations (`NNN_name.sql`), in order of their
/// number, each in its own transaction, and records them in
/// `schema_migrations(version, checksum, applied_at)` (after hummingbird's
/// postgres-migrations). The migrations come from a folder or from a list the
/// caller holds (recon's are compiled into the binary).
///
/// - The checksum is the SHA-256 (hex) of the file's bytes, computed by the
///   server (`sha256()`), since this module links no crypto library.
/// - An applied migration whose file changed, or whose file is gone, stops
///   the run before anything is applied: migrations are never edited, a fix is
///   a new file.
/// - Concurrent migrators (several `recon` processes starting at once)
///   serialize on a session advisory lock; each file is applied exactly once.
/// - A file runs as one multi-statement script inside the migration's
///   transaction, so it must not contain its own BEGIN/COMMIT nor statements
///   that cannot run in a transaction (`CREATE INDEX CONCURRENTLY`).
public struct Migrator: Sendable {
    /// A migration file.
    public struct Migration: Sendable, Equatable {
        /// The file name without `.sql` (`002_add_batches`): the tracking key.
        public var version: String
        public var fileName: String
        public var number: Int
        public var contents: [UInt8]
    }

    enum Source: Sendable {
        case directory(String)
        case given([Migration])
    }

    let source: Source
    /// Advisory lock key serializing migrators on one database.
    public let lockKey: Int64

    /// "recon_mg" in ASCII: a fixed key other recon locks must not reuse.
    public static let defaultLockKey: Int64 = 0x7265_636F_6E5F_6D67

    /// Migrations read from `directory` when they are needed.
    public init(directory: String, lockKey: Int64 = Migrator.defaultLockKey) {
        self.source = .directory(directory)
        self.lockKey = lockKey
    }

    /// Migrations given as built by ``ordered(files:)``.
    public init(migrations: [Migration], lockKey: Int64 = Migrator.defaultLockKey) {
        self.source = .given(migrations)
        self.lockKey = lockKey
    }

    /// Applies every pending migration and returns their versions in the order
    /// applied (empty when the database was up to date).
    @discardableResult
    public func migrate(_ connection: PostgresConnection) throws(MigrationError) -> [String] {
        let migrations = try self.migrations()
        do {
            try connection.advisoryLock(key: lockKey)
        } catch {
            throw .database(error)
        }
        defer { _ = try? connection.advisoryUnlock(key: lockKey) }
        try ensureTrackingTable(connection)
        let pending = try pendingMigrations(migrations, connection)
        var applied: [String] = []
        for (migration, checksum) in pending {
            try apply(migration, checksum: checksum, connection)
            applied.append(migration.version)
        }
        return applied
    }

    /// The migrations, sorted by number.
    public func migrations() throws(MigrationError) -> [Migration] {
        switch source {
        case .given(let migrations): return migrations
        case .directory(let directory): return try Self.read(directory: directory)
        }
    }

    /// The folder's migration files, sorted by number. Other files (not
    /// ending in `.sql`, or hidden) are ignored.
    static func read(directory: String) throws(MigrationError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .unreadable(path: directory, reason: "cannot list the folder")
        }
        var files: [(name: String, contents: [UInt8])] = []
        // Hidden files (editor locks such as `.#001_x.sql`) are not migrations.
        for name in names where name.hasSuffix(".sql") && !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadable(path: path, reason: "cannot read the file")
            }
            files.append((name, Array(data)))
        }
        return try ordered(files: files)
    }

    /// Migrations from `(file name, bytes)` pairs, sorted by number. A name
    /// without a `NNN_` prefix or two files with one number are errors, since
    /// their order would be a guess.
    public static func ordered(files: [(name: String, contents: [UInt8])]) throws(MigrationError) -> [Migration] {
        var migrations: [Migration] = []
        for (name, contents) in files {
            guard name.hasSuffix(".sql") else { throw .invalidFileName(file: name) }
            let version = String(name.dropLast(4))
            let digits = version.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, version.dropFirst(digits.count).first == "_",
                let number = Int(digits)
            else { throw .invalidFileName(file: name) }
            migrations.append(Migration(version: version, fileName: name, number: number, contents: contents))
        }
        migrations.sort { ($0.number, $0.version) < ($1.number, $1.version) }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.number == next.number {
            throw .duplicateNumber(first: previous.fileName, second: next.fileName)
        }
        return migrations
    }

    private func ensureTrackingTable(_ connection: PostgresConnection) throws(MigrationError) {
        do {
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version text PRIMARY KEY,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """)
        } catch {
            throw .database(error)
        }
    }

    /// Checks every recorded migration against its file, then returns the
    /// unapplied ones with their checksums.
    private func pendingMigrations(_ migrations: [Migration], _ connection: PostgresConnection)
        throws(MigrationError) -> [(Migration, String)]
    {
        var recorded: [String: String] = [:]
        do {
            let rows = try connection.execute("SELECT version, checksum FROM schema_migrations ORDER BY version")
            for row in 0..<rows.rowCount {
                recorded[rows.string(row: row, column: 0)!] = rows.string(row: row, column: 1)!
            }
        } catch {
            throw .database(error)
        }
        let onDisk = Set(migrations.map(\.version))
        if let missing = recorded.keys.sorted().first(where: { !onDisk.contains($0) }) {
            throw .missingFile(file: missing + ".sql")
        }
        var pending: [(Migration, String)] = []
        for migration in migrations {
            let checksum = try self.checksum(migration, connection)
            if let applied = recorded[migration.version] {
                guard applied == checksum else { throw .checksumMismatch(file: migration.fileName) }
            } else {
                pending.append((migration, checksum))
            }
        }
        return pending
    }

    func checksum(_ migration: Migration, _ connection: PostgresConnection) throws(MigrationError)
        -> String
    {
        do {
            let result = try connection.execute(
                "SELECT encode(sha256($1::bytea), 'hex')", [.bytea(migration.contents)])
            return result.string(row: 0, column: 0)!
        } catch {
            throw .database(error)
        }
    }

    private func apply(_ migration: Migration, checksum: String, _ connection: PostgresConnection)
        throws(MigrationError)
    {
        guard !migration.contents.contains(0), let sql = String(validating: migration.contents, as: UTF8.self)
        else { throw .unreadable(path: migration.fileName, reason: "not UTF-8 text") }
        do {
            try connection.transaction {
                do throws(DatabaseError) {
                    try connection.executeScript(sql)
                } catch {
                    throw MigrationError.failed(file: migration.fileName, error)
                }
                try connection.execute(
                    "INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)",
                    [.text(migration.version), .text(checksum)])
            }
        } catch let error as MigrationError {
            throw error
        } catch let error as DatabaseError {
            throw .database(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }
}

/// Why migrating stopped. Nothing of the failing migration is applied.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    case checksumMismatch(file: String)
    case missingFile(file: String)
    case invalidFileName(file: String)
    case duplicateNumber(first: String, second: String)
    case unreadable(path: String, reason: String)
    /// The migration's SQL failed; the database error says why.
    case failed(file: String, DatabaseError)
    case database(DatabaseError)

    /// The database went away: map to "database unavailable" (exit 69).
    public var isConnectionFailure: Bool {
        switch self {
        case .failed(_, let error), .database(let error): return error.isConnectionFailure
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .checksumMismatch(let file):
            return "migration \(file) was edited after it was applied; "
                + "migrations are forward-only: add a new file instead"
        case .missingFile(let file):
            return "migration \(file) was applied to this database but its file is missing; "
                + "migrations are forward-only: restore the file"
        case .invalidFileName(let file):
            return "migration file \(file) must be named NNN_name.sql (a number, an underscore, a name)"
        case .duplicateNumber(let first, let second):
            return "migrations \(first) and \(second) have the same number; renumber the newer one"
        case .unreadable(let path, let reason):
            return "cannot read migrations at \(path): \(reason)"
        case .failed(let file, let error):
            return "migration \(file) failed and was rolled back: \(error)"
        case .database(let error):
            return "cannot migrate: \(error)"
        }
    }
}
