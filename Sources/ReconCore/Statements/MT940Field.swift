import Foundation

/// One tagged field of an MT940 message (`:61:...` plus its continuation
/// lines), with the physical line where the tag starts.
struct MT940Field {
    var tag: String
    /// Continuation lines, in order; the first element is the text after the tag.
    var lines: [String]
    var line: Int

}

/// Cuts MT940 physical lines into fields as they arrive, dropping what is not
/// part of a statement: SWIFT envelopes (`{1:...}{2:...}{4:`), `-}` / `-` /
/// `-XXX` terminators, blank lines and bank-specific header lines before the
/// first tag (ING writes `0000 01INGBNL2AXXXX00001`, `940 00`). A field is
/// handed on when the next tag or terminator shows it is complete: memory is
/// one field, at most ``StatementLimits/elementTextBytesMax``.
struct MT940FieldSplitter {
    let fileName: String
    private var current: MT940Field?
    private var currentBytes = 0

    init(fileName: String) { self.fileName = fileName }

    mutating func add(_ physical: StatementPhysicalLine, _ emit: (MT940Field) throws -> Void) throws {
        let lineNumber = physical.number
        let lineBytes = physical.byteCount
        if physical.isOverLimit {
            throw StatementError(
                .limitExceeded, fileName: fileName, line: lineNumber,
                "line is \(lineBytes) bytes, over the limit of "
                    + "\(StatementLimits.describe(bytes: StatementLimits.physicalLineBytesMax)) per line"
                    + (current.map { " (in field :\($0.tag):)" } ?? ""))
        }
        let rawLine = String(decoding: physical.bytes, as: UTF8.self)
        var line = Substring(rawLine)
        if let envelopeBody = line.range(of: "{4:") {
            line = line[envelopeBody.upperBound...]
        } else if line.hasPrefix("{") {
            return  // envelope blocks 1-3 or trailer block 5 on a line of their own
        }
        let trimmed = line.trimmingSpaces()
        if trimmed.isEmpty { return }
        if MT940Field.isTerminator(trimmed) {
            if let field = current { try emit(field) }
            current = nil
            return
        }
        if let (tag, rest) = MT940Field.splitTag(line) {
            if let field = current { try emit(field) }
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

    mutating func finish(_ emit: (MT940Field) throws -> Void) throws {
        if let field = current { try emit(field) }
        current = nil
    }
}

extension MT940Field {
    /// `-` ends a message; `-}` ends a SWIFT block 4; ING ends with `-XXX`.
    static func isTerminator(_ line: String) -> Bool {
        line == "-" || line.hasPrefix("-}") || line == "-XXX"
    }

    /// `:NN:` or `:NNa:` at the start of a line.
    static func splitTag(_ line: Substring) -> (String, Substring)? {
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

}

extension Substring {
    func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}
