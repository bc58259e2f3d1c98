import Foundation

/// A certificate authority made at test time with the openssl command (keys
/// never leave the test's temporary folder), and certificates it signs.
final class TestCertificateAuthority {
    let folder: String
    let name: String
    var certificatePath: String { "\(folder)/\(name).crt" }
    private var keyPath: String { "\(folder)/\(name).key" }

    init(name: String) throws {
        self.name = name
        folder = NSTemporaryDirectory() + "recon-ca-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Shell.run(
            "/usr/bin/openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyPath,
             "-out", certificatePath, "-days", "2", "-subj", "/CN=\(name)",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// A leaf certificate for `commonName` (a server's subjectAltName DNS
    /// names in `dnsNames`, a client's user name as CN); returns the paths
    /// of its certificate and its key (0600).
    func issue(commonName: String, dnsNames: [String] = [], file: String) throws -> (certificate: String, key: String) {
        let key = "\(folder)/\(file).key", request = "\(folder)/\(file).csr", certificate = "\(folder)/\(file).crt"
        let extensions = "\(folder)/\(file).ext"
        try Shell.run(
            "/usr/bin/openssl",
            ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
             "-out", request, "-subj", "/CN=\(commonName)"])
        var lines = ["basicConstraints=CA:FALSE"]
        if !dnsNames.isEmpty { lines.append("subjectAltName=" + dnsNames.map { "DNS:\($0)" }.joined(separator: ",")) }
        try lines.joined(separator: "\n").write(toFile: extensions, atomically: true, encoding: .utf8)
        try Shell.run(
            "/usr/bin/openssl",
            ["x509", "-req", "-in", request, "-CA", certificatePath, "-CAkey", keyPath, "-CAcreateserial", "-days", "2",
             "-out", certificate, "-extfile", extensions])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        return (certificate, key)
    }
}
