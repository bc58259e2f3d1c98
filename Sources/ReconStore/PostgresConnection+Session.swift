import CLibPQ

/// Where a session went and how, as libpq knows it (for `recon doctor`).
/// Never the password.
public struct SessionDescription: Sendable, Equatable {
    public var host: String
    public var port: String
    public var database: String
    public var user: String
    /// `server_version` as the server reports it (`15.10 (Debian …)`).
    public var serverVersion: String
    /// The TLS protocol in use (`TLSv1.3`), nil when the session is not encrypted.
    public var tlsProtocol: String?
}

extension PostgresConnection {
    public func describeSession() throws(DatabaseError) -> SessionDescription {
        guard let pointer = handle.pointer else {
            throw .connectionLost(sqlState: nil, message: "the connection was closed")
        }
        func text(_ value: UnsafeMutablePointer<CChar>?) -> String { value.map { String(cString: $0) } ?? "" }
        let version = try execute("show server_version").string(row: 0, column: 0) ?? ""
        var tls: String?
        if PQsslInUse(pointer) == 1 {
            tls = PQsslAttribute(pointer, "protocol").map { String(cString: $0) } ?? "TLS"
        }
        return SessionDescription(
            host: text(PQhost(pointer)), port: text(PQport(pointer)), database: text(PQdb(pointer)),
            user: text(PQuser(pointer)), serverVersion: version, tlsProtocol: tls)
    }
}
