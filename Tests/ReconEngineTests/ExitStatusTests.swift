import Foundation
import ReconCore
import ReconCrypto
@testable import ReconEngine
import ReconStore
import XCTest

/// SPEC §7's exit codes as a table: every error recon throws, by type and
/// code, and the status it ends a command with. A new DatabaseError code or
/// MigrationError case must be added here (the completeness checks fail).
final class ExitStatusTests: XCTestCase {
    private static func unavailable(_ message: String) -> DatabaseError {
        .unavailable(host: "127.0.0.1", port: "5432", message: message)
    }

    private static func query(_ sqlState: String) -> DatabaseError {
        .query(sqlState: sqlState, message: "m", serverDetail: ServerErrorDetail())
    }

    /// (error, its DatabaseError code where it has one, expected exit status).
    private static let table: [(any Error, DatabaseError.Code?, ExitStatus)] = [
        (unavailable("connection to server at \"127.0.0.1\", port 1 failed: Connection refused"), .unreachable, .databaseUnavailable),
        (unavailable("could not translate host name \"nowhere\" to address"), .unreachable, .databaseUnavailable),
        (unavailable("FATAL:  password authentication failed for user \"recon\""), .authenticationFailed, .databaseUnavailable),
        (unavailable("fe_sendauth: no password supplied"), .authenticationFailed, .databaseUnavailable),
        (unavailable("FATAL:  no pg_hba.conf entry for host \"127.0.0.1\", user \"x\", database \"y\", SSL encryption"), .authenticationFailed, .databaseUnavailable),
        (unavailable("FATAL:  database \"nope\" does not exist"), .databaseMissing, .databaseUnavailable),
        (unavailable("FATAL:  no pg_hba.conf entry for host \"127.0.0.1\", user \"x\", database \"y\", no encryption"), .tlsRequired, .databaseUnavailable),
        (unavailable("server does not support SSL, but SSL was required"), .tlsRequired, .databaseUnavailable),
        (unavailable("SSL error: certificate verify failed"), .tlsFailed, .databaseUnavailable),
        (unavailable("server certificate for \"localhost\" does not match host name \"127.0.0.1\""), .tlsFailed, .databaseUnavailable),
        (unavailable("FATAL:  permission denied for database \"recon\""), .permissionDenied, .databaseUnavailable),
        (unavailable("FATAL:  the database system is starting up"), .serverBusy, .databaseUnavailable),
        // sslmode=prefer reports both attempts: the password is the problem.
        (unavailable("FATAL:  password authentication failed for user \"x\"\nconnection to server at \"127.0.0.1\", port 1 failed: FATAL:  no pg_hba.conf entry for host \"127.0.0.1\", user \"x\", database \"y\", no encryption"), .authenticationFailed, .databaseUnavailable),
        (DatabaseError.connectionLost(sqlState: nil, message: "server closed the connection unexpectedly"), .connectionLost, .databaseUnavailable),
        (query("57P01"), .connectionLost, .databaseUnavailable),
        (query("53300"), .serverBusy, .databaseUnavailable),
        (query("42501"), .permissionDenied, .databaseUnavailable),
        (query("23505"), .statementFailed, .internalError),
        (DatabaseError.unexpectedResult(message: "m"), .unexpectedResult, .internalError),
        (MigrationError.database(.connectionLost(sqlState: nil, message: "m")), nil, .databaseUnavailable),
        (MigrationError.failed(file: "006_x.sql", query("57P01")), nil, .databaseUnavailable),
        (MigrationError.failed(file: "006_x.sql", query("42P07")), nil, .internalError),
        (MigrationError.checksumMismatch(file: "001_core.sql"), nil, .invalidConfiguration),
        (MigrationError.missingFile(file: "009_x.sql"), nil, .invalidConfiguration),
        (MigrationError.invalidFileName(file: "x.sql"), nil, .invalidConfiguration),
        (MigrationError.duplicateNumber(first: "1_a.sql", second: "1_b.sql"), nil, .invalidConfiguration),
        (MigrationError.unreadable(path: "/x", reason: "r"), nil, .invalidConfiguration),
        (ConfigurationError(file: "job.yaml", "m"), nil, .invalidConfiguration),
        (KeyError.hmacSecretTooShort(bytes: 3), nil, .invalidConfiguration),
        (InputError(file: "a.csv", "m"), nil, .unusableInput),
        (ReportWriteError(folder: "/r", reason: "read-only"), nil, .outputNotWritable),
        (OutputWriteError(path: "/x.csv", what: "the export", reason: "r"), nil, .outputNotWritable),
        (SchemaNotReady(missing: ["006_x"], migratedBefore: true), nil, .databaseUnavailable),
        (JobLocked(job: "j"), nil, .locked),
        (ManualMatchRefused(reason: "group G is already matched"), nil, .usage),
        (ItemStoryLoader.NotFound(ref: "PO-1", job: "j"), nil, .usage),
        (InternalError("m"), nil, .internalError),
        (CocoaError(.fileWriteUnknown), nil, .internalError),
    ]

    func testEveryErrorMapsToItsSpecExitCode() {
        for (index, (error, code, expected)) in Self.table.enumerated() {
            XCTAssertEqual(ExitStatus.of(error), expected, "row \(index): \(error)")
            if let code { XCTAssertEqual((error as? DatabaseError)?.code, code, "row \(index): \(error)") }
        }
    }

    func testTheTableCoversEveryDatabaseErrorCode() {
        let covered = Set(Self.table.compactMap(\.1))
        XCTAssertEqual(covered, Set(DatabaseError.Code.allCases))
    }

    /// Each connect failure says what to do for its own case, and only the
    /// unreachable one asks whether the server runs.
    func testEachConnectFailureHasItsOwnFix() {
        var fixes: [DatabaseError.Code: String] = [:]
        for (error, code, _) in Self.table {
            guard let error = error as? DatabaseError, case .unavailable = error, let code else { continue }
            let text = error.description
            XCTAssertEqual(text.contains("is running"), code == .unreachable, text)
            fixes[code] = error.fix
        }
        XCTAssertEqual(Set(fixes.values).count, fixes.count, "\(fixes)")
        XCTAssertTrue(fixes[.authenticationFailed]!.contains("password"))
        XCTAssertTrue(fixes[.databaseMissing]!.contains("createdb"))
        XCTAssertTrue(fixes[.tlsRequired]!.contains("sslmode"))
        XCTAssertNotNil(fixes[.tlsFailed])
    }

    /// A TLS failure says which part to fix: the CA, the host name or the client certificate.
    func testTLSFailuresNameTheirCause() {
        func fix(_ message: String) -> String {
            DatabaseError.unavailable(host: "db", port: "5432", message: message).fix ?? ""
        }
        XCTAssertTrue(fix("SSL error: certificate verify failed").contains("not signed by the CA in sslrootcert"))
        let host = fix("server certificate for \"localhost\" does not match host name \"127.0.0.1\"")
        XCTAssertTrue(host.contains("the host name in the URL is not one the server's certificate carries"), host)
        XCTAssertFalse(host.contains("not signed"), host)
        XCTAssertTrue(fix("FATAL:  connection requires a valid client certificate").contains("sslcert and sslkey"))
        XCTAssertTrue(fix("root certificate file \"/root/.postgresql/root.crt\" does not exist").contains("sslrootcert="))
        XCTAssertTrue(fix("SSL SYSCALL error: EOF detected").contains("sslrootcert"))
    }
}
