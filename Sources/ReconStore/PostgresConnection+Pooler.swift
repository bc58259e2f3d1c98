import CLibPQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PostgresConnection {
    /// True when the server sees this client's own TCP address and port, so
    /// nothing (no pooler, no proxy) sits between them. False for a
    /// Unix-domain socket or any mismatch: then only ``servedBySameBackend``
    /// can tell.
    public func isDirectTCPConnection() throws(DatabaseError) -> Bool {
        let connection = try livePointer()
        let socket = PQsocket(connection)
        guard socket >= 0 else { return false }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard status == 0 else { return false }
        let localPort: UInt16
        switch Int32(storage.ss_family) {
        case AF_INET:
            localPort = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            }
        case AF_INET6:
            localPort = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
        default:
            return false
        }
        let seen = try execute("select inet_client_port()::text").string(row: 0, column: 0)
        return seen == String(localPort)
    }

    /// The server process and server start time serving the current
    /// statement; through a pooler this can change from one transaction to
    /// the next (`PQbackendPID` is the pooler's, not the server's).
    public func servingBackend() throws(DatabaseError) -> String {
        try execute("select pg_backend_pid()::text || '@' || pg_postmaster_start_time()::text")
            .string(row: 0, column: 0) ?? ""
    }
}

extension PostgresConnection {
    /// Shuts the socket down under libpq, as a crashed client's kernel would
    /// close it. For tests of what the server does then; never used by recon.
    public func shutdownSocketForTesting() {
        guard let pointer = handle.pointer else { return }
        let socket = PQsocket(pointer)
        if socket >= 0 { _ = shutdown(socket, Int32(SHUT_RDWR)) }
    }
}
