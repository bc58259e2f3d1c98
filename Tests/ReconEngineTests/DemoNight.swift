import Foundation

/// A copy of the shipped demo night (fixtures/ keys, keyring, inboxes) with a
/// job file beside it, in a temporary folder removed on deinit.
final class DemoNight {
    let folder: String
    var jobPath: String { folder + "/job.yaml" }

    init(extraJobYAML: String = "") throws {
        folder = NSTemporaryDirectory() + "recon-demo-\(UUID().uuidString)"
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for item in ["keyring.yaml", "keys", "inbox"] {
            try manager.copyItem(atPath: RepositoryPaths.root + "/fixtures/" + item, toPath: folder + "/" + item)
        }
        for name in try manager.contentsOfDirectory(atPath: folder + "/keys") {
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/keys/" + name)
        }
        try """
            name: nightly
            source: acme-psp
            timezone: Europe/Berlin
            transactions: { path: inbox/transactions }
            bank_statements: { path: inbox/bank, format: auto }
            keyring: keyring.yaml
            reconcile: { window_days: 3 }
            reports: { path: reports }

            """.appending(extraJobYAML).write(toFile: jobPath, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
}
