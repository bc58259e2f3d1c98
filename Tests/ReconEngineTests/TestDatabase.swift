import Foundation
import ReconEngine
import ReconStore
import XCTest

/// A fresh, migrated database on the real test PostgreSQL for one test case,
/// dropped afterwards. ops/test starts the server and sets
/// RECON_TEST_DATABASE_URL; without it these tests fail (never skip).
final class TestDatabase {
    let name: String
    let url: String
    let database: Database
    private let adminURL: String

    /// `migrated: false` leaves the database empty (for migration tests).
    init(migrated: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let base = ProcessInfo.processInfo.environment["RECON_TEST_DATABASE_URL"], !base.isEmpty else {
            XCTFail("RECON_TEST_DATABASE_URL is not set: run the suite through ops/test, which starts PostgreSQL", file: file, line: line)
            throw XCTSkip("no database")
        }
        adminURL = base
        name = "recon_t_\(UInt32.random(in: 0...UInt32.max))"
        let admin = try PostgresConnection(url: base)
        try admin.execute("create database \(try admin.escapeIdentifier(name))")
        var components = URLComponents(string: base)!
        components.path = "/" + name
        url = components.string!
        database = Database(url: url, environment: [:])
        if migrated { _ = try SchemaMigration.migrate(database: database, folder: RepositoryPaths.root + "/sql") }
    }

    func connect() throws -> PostgresConnection { try database.connect() }

    /// The same database, the session acting as `role` (e.g. recon_app): the
    /// test server's user is a superuser and may take any role.
    func database(asRole role: String) -> Database {
        Database(url: url + (url.contains("?") ? "&" : "?") + "options=-c%20role%3D" + role, environment: [:])
    }

    func scalar(_ sql: String, _ parameters: [PostgresValue?] = []) throws -> String? {
        let result = try connect().execute(sql, parameters)
        return result.rowCount == 0 ? nil : result.string(row: 0, column: 0)
    }

    func count(_ sql: String, _ parameters: [PostgresValue?] = []) throws -> Int {
        Int(try scalar(sql, parameters) ?? "0") ?? -1
    }

    deinit {
        guard let admin = try? PostgresConnection(url: adminURL), let quoted = try? admin.escapeIdentifier(name) else { return }
        _ = try? admin.execute("drop database if exists \(quoted) with (force)")
    }
}

enum RepositoryPaths {
    /// The checkout this test was built from (Tests/ReconEngineTests/ → ../..).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The built `recon` executable next to the test bundle.
    static var reconExecutable: String {
        let candidates = [".build/debug/recon", ".build/release/recon"].map { root + "/" + $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }
}
