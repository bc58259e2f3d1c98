import ReconCore
import ReconCrypto

/// The identity of a bank line across overlapping statements (SPEC §4: the
/// same line delivered twice is stored once). The bank's own line id where
/// there is one; otherwise a hash of what the line says. Either way with its
/// occurrence number among identical lines of the statement, so two genuine
/// identical lines in one statement are both kept.
enum BankLineKey {
    static func keys(for lines: [BankLine]) -> [String] {
        var occurrences: [String: Int] = [:]
        return lines.map { line in
            let base: String
            if let id = line.bankTransactionID, !id.isEmpty {
                base = "id:" + id
            } else {
                let content = [
                    line.bookingDate.description, line.valueDate?.description ?? "", String(line.amount),
                    line.currency.code, line.reference ?? "", line.description,
                ].joined(separator: "\u{1F}")
                base = "h:" + Hex.encode(Digest.sha256(Array(content.utf8)).prefix(16))
            }
            let occurrence = occurrences[base, default: 0]
            occurrences[base] = occurrence + 1
            return occurrence == 0 ? base : "\(base)#\(occurrence)"
        }
    }
}
