import Foundation

/// One tagged field of an MT940 message (`:61:...` plus its continuation
/// lines), with the physical line where the tag starts.
struct MT940Field {
    var tag: String
    /// Continuation lines, in order; the first element is the text after the tag.
    var lines: [String]
    var line: Int

    /// Splits decoded MT940 text into fields, dropping what is not part of a
    /// statement: SWIFT envelopes (`{1:...}{2:...}{4:`), `-}` / `-` / `-XXX`
    /// terminators, blank lines and bank-specific header lines before the
    /// first tag (ING writes `0000 01INGBNL2AXXXX00001`, `940 00`).
    static func fields(in text: String, fileName: String) throws(StatementError) -> [MT940Field] {
        var fields: [MT940Field] = []
        var current: MT940Field?
        var currentBytes = 0
        var lineNumber = 0
        for rawLine in MT940Field.physicalLines(text) {
            lineNumber += 1
            let lineBytes = rawLine.utf8.count
            if lineBytes > StatementLimits.physicalLineBytesMax {
                throw StatementError(
                    .limitExceeded, fileName: fileName, line: lineNumber,
                    "line is \(lineBytes) bytes, over the limit of "
                        + "\(StatementLimits.describe(bytes: StatementLimits.physicalLineBytesMax)) per line"
                        + (current.map { " (in field :\($0.tag):)" } ?? ""))
            }
            var line = Substring(rawLine)
            if let envelopeBody = line.range(of: "{4:") {
                line = line[envelopeBody.upperBound...]
            } else if line.hasPrefix("{") {
                continue  // envelope blocks 1-3 or trailer block 5 on a line of their own
            }
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty { continue }
            if isTerminator(trimmed) {
                if let field = current { fields.append(field) }
                current = nil
                continue
            }
            if let (tag, rest) = splitTag(line) {
                if let field = current { fields.append(field) }
                current = MT940Field(tag: tag, lines: [String(rest)], line: lineNumber)
                currentBytes = lineBytes
            } else if current != nil {
                current!.lines.append(String(line))
                currentBytes += lineBytes
                if currentBytes > StatementLimits.elementTextBytesMax {
                    throw StatementError(
                        .limitExceeded, fileName: fileName, line: current!.line,
                        "field :\(current!.tag): with its continuation lines is longer than the limit of "
                            + "\(StatementLimits.describe(bytes: StatementLimits.elementTextBytesMax)) per field "
                            + "(at line \(lineNumber))")
                }
            }
        }
        if let field = current { fields.append(field) }
        return fields
    }

    /// `-` ends a message; `-}` ends a SWIFT block 4; ING ends with `-XXX`.
    private static func isTerminator(_ line: String) -> Bool {
        line == "-" || line.hasPrefix("-}") || line == "-XXX"
    }

    /// `:NN:` or `:NNa:` at the start of a line.
    private static func splitTag(_ line: Substring) -> (String, Substring)? {
        let bytes = Array(line.utf8.prefix(6))
        guard bytes.count >= 4, bytes[0] == UInt8(ascii: ":") else { return nil }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isLetter(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        guard isDigit(bytes[1]), isDigit(bytes[2]) else { return nil }
        if bytes[3] == UInt8(ascii: ":") {
            return (String(line.dropFirst().prefix(2)), line.dropFirst(4))
        }
        if bytes.count >= 5, isLetter(bytes[3]), bytes[4] == UInt8(ascii: ":") {
            return (String(line.dropFirst().prefix(3)), line.dropFirst(5))
        }
        return nil
    }

    /// Lines split on LF, CRLF or a lone CR, keeping the count of physical
    /// lines exact for error messages.
    static func physicalLines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            // "\r\n" is one Character in Swift, so this also covers CRLF.
            if character == "\n" || character == "\r" || character == "\r\n" {
                lines.append(text[start..<index])
                index = text.index(after: index)
                start = index
            } else {
                index = text.index(after: index)
            }
        }
        if start < text.endIndex { lines.append(text[start...]) }
        return lines
    }
}

extension Substring {
    func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}
