/// Turns a `:86:` field into the bank line's description.
///
/// German banks (and others following the ZKA layout) write structured
/// `:86:`: a three-digit business code, then `?NN` subfields. `?20`–`?29` and
/// `?60`–`?63` carry the remittance text in slices of at most 27 characters,
/// so a word or a reference may run from one slice into the next. Everything
/// else is kept as the bank wrote it, with line breaks turned into spaces.
enum MT940Description {
    static let sliceWidthMax = 27

    static func text(of field: MT940Field) -> String {
        // Line breaks in structured text are only the 65-column wrap of SWIFT.
        let joined = field.lines.joined()
        if let remittance = structuredRemittance(joined) { return remittance }
        return field.lines.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Nil unless the text is `NNN?..` structured.
    static func structuredRemittance(_ text: String) -> String? {
        let characters = Array(text)
        guard characters.count >= 4, characters[0...2].allSatisfy({ $0.isASCII && $0.isNumber }),
            characters[3] == "?"
        else { return nil }
        var slices: [(code: Int, text: String)] = []
        var index = 3
        while index < characters.count {
            // characters[index] == "?": read the two-digit code, then up to the next "?NN".
            guard index + 2 < characters.count, let code = Int(String(characters[(index + 1)...(index + 2)]))
            else { break }
            var end = index + 3
            while end < characters.count
                && !(characters[end] == "?" && end + 2 < characters.count
                    && characters[end + 1].isNumber && characters[end + 2].isNumber)
            {
                end += 1
            }
            slices.append((code, String(characters[(index + 3)..<end])))
            index = end
        }
        let remittance = slices.filter { (20...29).contains($0.code) || (60...63).contains($0.code) }
        var result = ""
        var previousWasFull = true
        for slice in remittance {
            let piece = slice.text
            if !result.isEmpty && !previousWasFull && !piece.hasPrefix(" ") && !result.hasSuffix(" ") {
                result += " "
            }
            result += piece
            // A full-width slice was cut by the bank, so the next one continues it.
            previousWasFull = piece.count >= sliceWidthMax
        }
        if !remittance.isEmpty { return result.trimmingSpaces() }
        // No remittance text: fall back to the booking text (?00) so the line says something.
        return slices.first(where: { $0.code == 0 })?.text.trimmingSpaces() ?? ""
    }
}
