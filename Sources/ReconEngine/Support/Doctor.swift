import Foundation
import ReconCore
import ReconStore

/// `recon doctor JOB.yaml` (SPEC §7): checks a deployment the way a run
/// would meet it and says, per check, `ok` or what to do. Reads only: the
/// reports folder is probed with a file it removes again, the job lock is
/// taken and released at once.
public struct Doctor {
    public struct Check: Sendable, Equatable {
        public var name: String
        /// Nil when the check passed.
        public var failure: ExitStatus?
        /// What was found when it passed, what to do when it failed.
        public var text: String
    }

    let jobPath: String
    let database: Database

    public init(jobPath: String, database: Database) {
        self.jobPath = jobPath
        self.database = database
    }

    /// Every check, in SPEC §7's order; a check that needs what an earlier
    /// one could not give says so instead of guessing.
    public func run() -> [Check] {
        var checks: [Check] = []
        var connection: PostgresConnection?
        do {
            let opened = try database.connect()
            let session = try opened.describeSession()
            connection = opened
            checks.append(.init(name: "database", failure: nil, text: Self.describe(session)))
        } catch {
            checks.append(.init(name: "database", failure: ExitStatus.of(error), text: "\(error)"))
        }
        checks.append(migrations(connection))
        var job: JobFile?
        do {
            let loaded = try JobFile.load(path: jobPath)
            job = loaded
            checks.append(.init(name: "job file", failure: nil, text: "\(loaded.file): job \(loaded.name), source \(loaded.source)"))
        } catch {
            checks.append(.init(name: "job file", failure: ExitStatus.of(error), text: "\(error)"))
        }
        guard let job else {
            for name in ["keyring", "inbox", "statements", "reports", "job lock"] {
                checks.append(.init(name: name, failure: nil, text: "not checked: the job file did not load"))
            }
            return checks
        }
        checks.append(keyring(job))
        checks.append(Self.readableFolder("inbox", job.transactions.path, setting: "transactions.path", job: job))
        if let bank = job.bankStatements {
            checks.append(Self.readableFolder("statements", bank.path, setting: "bank_statements.path", job: job))
        } else {
            checks.append(.init(name: "statements", failure: nil, text: "no bank_statements in the job: nothing to read"))
        }
        checks.append(Self.writableFolder(job.reportsPath, job: job))
        checks.append(lock(job, connection))
        return checks
    }

    /// The exit code of the first failure, 0 when every check passed.
    public static func exitStatus(_ checks: [Check]) -> ExitStatus {
        checks.lazy.compactMap(\.failure).first ?? .success
    }

    static func describe(_ session: SessionDescription) -> String {
        let place = session.host.hasPrefix("/")
            ? "socket \(session.host)/.s.PGSQL.\(session.port)" : "host \(session.host) port \(session.port)"
        let tls = session.tlsProtocol.map { "TLS \($0)" } ?? "TLS not in use"
        return "\(place), database \(session.database), user \(session.user), PostgreSQL \(session.serverVersion), \(tls)"
    }

    private func migrations(_ connection: PostgresConnection?) -> Check {
        guard let connection else { return .init(name: "migrations", failure: nil, text: "not checked: no database") }
        do {
            let status = try Migrator(migrations: SchemaMigration.embedded).status(connection)
            let edited = status.applied.filter { $0.state == .edited }.map(\.version)
            if !status.pending.isEmpty {
                let missing = status.pending.map(\.version).joined(separator: ", ")
                return .init(
                    name: "migrations", failure: .databaseUnavailable,
                    text: "not applied: \(missing); run `recon db migrate` (as the schema's owner)")
            }
            if !edited.isEmpty {
                return .init(
                    name: "migrations", failure: .invalidConfiguration,
                    text: "\(edited.joined(separator: ", ")) applied from other bytes than this recon's; see `recon db status`")
            }
            return .init(name: "migrations", failure: nil, text: "\(status.applied.count) applied, none pending")
        } catch {
            return .init(name: "migrations", failure: ExitStatus.of(error), text: "\(error)")
        }
    }

    private func keyring(_ job: JobFile) -> Check {
        do {
            let keyring = try Keyring.load(path: job.keyringPath)
            var text = "\(keyring.file): \(keyring.keys.count) keys"
            if !keyring.warnings.isEmpty { text += "; warnings: " + keyring.warnings.joined(separator: "; ") }
            return .init(name: "keyring", failure: nil, text: text)
        } catch {
            return .init(name: "keyring", failure: ExitStatus.of(error), text: "\(error)")
        }
    }

    static func readableFolder(_ name: String, _ path: String, setting: String, job: JobFile) -> Check {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            return .init(
                name: name, failure: .invalidConfiguration,
                text: "\(path) is not a folder: create it or fix \(setting) in \(job.file)")
        }
        guard access(path, R_OK | X_OK) == 0, let entries = try? FileManager.default.contentsOfDirectory(atPath: path)
        else {
            return .init(
                name: name, failure: .invalidConfiguration,
                text: "\(path) cannot be read by this user: grant it read and search permission")
        }
        return .init(name: name, failure: nil, text: "\(path) readable, \(entries.count) entries")
    }

    /// Probes the folder with a file of its own; a folder not there yet is
    /// fine when the nearest existing parent lets recon create it.
    static func writableFolder(_ path: String, job: JobFile) -> Check {
        var isFolder: ObjCBool = false
        let fix = "make it writable by this user, or fix reports.path in \(job.file)"
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            var parent = (path as NSString).deletingLastPathComponent
            while !parent.isEmpty, parent != "/", !FileManager.default.fileExists(atPath: parent) {
                parent = (parent as NSString).deletingLastPathComponent
            }
            var parentIsFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: parent, isDirectory: &parentIsFolder), parentIsFolder.boolValue,
                access(parent, W_OK | X_OK) == 0
            else {
                return .init(name: "reports", failure: .outputNotWritable, text: "\(path) cannot be created under \(parent): \(fix)")
            }
            return .init(name: "reports", failure: nil, text: "\(path) does not exist yet; \(parent) lets recon create it")
        }
        guard isFolder.boolValue else {
            return .init(name: "reports", failure: .outputNotWritable, text: "\(path) is not a folder: \(fix)")
        }
        let probe = (path as NSString).appendingPathComponent(".recon-doctor-\(getpid())")
        do {
            try OutputFile.write(Data(), to: probe, what: "a probe file")
            unlink(probe)
        } catch {
            return .init(name: "reports", failure: .outputNotWritable, text: "\(path) is not writable (\(error.reason)): \(fix)")
        }
        return .init(name: "reports", failure: nil, text: "\(path) writable")
    }

    private func lock(_ job: JobFile, _ connection: PostgresConnection?) -> Check {
        guard let connection else { return .init(name: "job lock", failure: nil, text: "not checked: no database") }
        do {
            try JobLock(connection: connection, job: job.name).acquire(wait: false)
            try JobLock(connection: connection, job: job.name).release()
            return .init(name: "job lock", failure: nil, text: "free")
        } catch let error as JobLocked {
            let holder = (try? JobLock(connection: connection, job: job.name).holder()).flatMap { $0 }
            return .init(
                name: "job lock", failure: .locked,
                text: "held\(holder.map { " by \($0)" } ?? ""): \(error.description)")
        } catch {
            return .init(name: "job lock", failure: ExitStatus.of(error), text: "\(error)")
        }
    }
}
