import Foundation
import Logging
import ReconCore
import ReconStore

/// Finds the `sql/` migrations folder and applies it.
public enum MigrationsFolder {
    /// `--migrations`, else `$RECON_SQL_DIR`, else a `sql/` folder next to or
    /// above the executable (a build tree or `/opt/recon/bin/../sql`), else
    /// `/usr/share/recon/sql`.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> String
    {
        if let explicit { return try check(PathResolution.absolute(explicit)) }
        if let fromEnvironment = environment["RECON_SQL_DIR"], !fromEnvironment.isEmpty {
            return try check(PathResolution.absolute(fromEnvironment))
        }
        var folder = (CommandLine.arguments[0] as NSString).deletingLastPathComponent
        folder = PathResolution.absolute(folder.isEmpty ? "." : folder)
        for _ in 0..<6 {
            let candidate = (folder as NSString).appendingPathComponent("sql")
            if FileManager.default.fileExists(atPath: (candidate as NSString).appendingPathComponent("001_core.sql")) {
                return candidate
            }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return try check("/usr/share/recon/sql")
    }

    private static func check(_ folder: String) throws(ConfigurationError) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ConfigurationError(file: folder, "migrations folder not found: pass --migrations or set RECON_SQL_DIR")
        }
        return folder
    }
}

public enum SchemaMigration {
    /// Applies pending migrations, then creates the monthly partitions of
    /// `transactions` for the window around today; returns the versions
    /// applied now.
    public static func migrate(database: Database, folder: String, logger: Logger = Logger(label: "recon"))
        throws -> [String]
    {
        let connection = try database.connect()
        let applied = try Migrator(directory: folder).migrate(connection)
        try TransactionPartitions.ensure(connection, logger: logger)
        return applied
    }
}
