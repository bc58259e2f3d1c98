import CLibPQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the `DatabaseError.unavailable` for a failed connect: where libpq
/// tried to go, and its reason with every form of the password removed.
enum ConnectionFailure {
    static func describe(_ connection: OpaquePointer, url: String?) -> DatabaseError {
        let parsed = parsedOptions(url)
        var secrets = passwordsWritten(in: url ?? "")
        if let password = parsed["password"] { secrets.append(password) }
        if let password = PQpass(connection).map({ String(cString: $0) }) { secrets.append(password) }

        var host = PQhost(connection).map { String(cString: $0) } ?? ""
        var port = PQport(connection).map { String(cString: $0) } ?? ""
        if host.isEmpty { host = parsed["host"] ?? parsed["hostaddr"] ?? "" }
        if port.isEmpty { port = parsed["port"] ?? "" }

        let message = ResultHandle.trimmed(String(cString: PQerrorMessage(connection)))
        return .unavailable(
            host: redact(host, secrets: secrets), port: redact(port, secrets: secrets),
            message: redact(message, secrets: secrets))
    }

    /// Replaces every occurrence of every secret with `***`, longest first so a
    /// password that contains another is not half-removed. A very short
    /// password may blank unrelated text: that is the safe way to be wrong.
    static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in Set(secrets).filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            result = result.replacing(secret, with: "***")
        }
        return result
    }

    /// The options libpq reads from the connection string, when it parses.
    static func parsedOptions(_ url: String?) -> [String: String] {
        guard let url else { return [:] }
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &errorMessage) else {
            if let errorMessage { PQfreemem(errorMessage) }
            return [:]
        }
        defer { PQconninfoFree(options) }
        var result: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                result[String(cString: keyword)] = String(cString: value)
            }
            option += 1
        }
        return result
    }

    /// Passwords as literally written in a URI (`scheme://user:secret@host`,
    /// still percent-encoded) or a `password=` keyword, found without libpq so
    /// that they are removed even from "cannot parse this URI" messages that
    /// quote the whole string.
    static func passwordsWritten(in url: String) -> [String] {
        var found: [String] = []
        if let schemeEnd = url.firstRange(of: "://") {
            let rest = url[schemeEnd.upperBound...]
            if let at = rest.lastIndex(of: "@") {
                let userInfo = rest[..<at]
                if let colon = userInfo.firstIndex(of: ":") {
                    found.append(String(userInfo[userInfo.index(after: colon)...]))
                }
            }
        }
        var searchStart = url.startIndex
        while let keyword = url[searchStart...].firstRange(of: "password") {
            searchStart = keyword.upperBound
            var index = keyword.upperBound
            while index < url.endIndex, url[index] == " " { index = url.index(after: index) }
            guard index < url.endIndex, url[index] == "=" else { continue }
            index = url.index(after: index)
            while index < url.endIndex, url[index] == " " { index = url.index(after: index) }
            let quoted = index < url.endIndex && url[index] == "'"
            if quoted { index = url.index(after: index) }
            let valueEnd = url[index...].firstIndex(where: { quoted ? $0 == "'" : ($0 == " " || $0 == "&") }) ?? url.endIndex
            found.append(String(url[index..<valueEnd]))
        }
        return found
    }
}
