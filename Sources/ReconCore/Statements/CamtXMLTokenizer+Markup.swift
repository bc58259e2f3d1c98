/// `<!...>` (comments, CDATA, refused DTD declarations), the XML declaration
/// and entity or character references.
extension CamtXMLTokenizer {
    private static var commentOpen: [UInt8] { Array("--".utf8) }
    private static var cdataOpen: [UInt8] { Array("[CDATA[".utf8) }

    mutating func bang(_ byte: UInt8) throws(StatementError) {
        try countMarkup()
        bangBytes.append(byte)
        if bangBytes == Self.commentOpen {
            state = .comment
            dashes = 0
        } else if bangBytes == Self.cdataOpen {
            guard !openEnds.isEmpty else { throw malformed("CDATA section outside the root element") }
            state = .cdata
            closingBrackets = 0
        } else if !Self.cdataOpen.starts(with: bangBytes) && !Self.commentOpen.starts(with: bangBytes) {
            // DOCTYPE, ENTITY, ELEMENT, ATTLIST: declarations of a DTD. Its
            // keyword is read to its end, for the message.
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            if !isLetter || bangBytes.count > 16 {
                let keyword = String(decoding: bangBytes.dropLast(isLetter ? 0 : 1), as: UTF8.self)
                throw StatementError(
                    .limitExceeded, fileName: fileName, location: "line \(line), \(openPath)",
                    "camt.053 files carry no DTD: '<!\(keyword)' is refused")
            }
        }
    }

    /// Comments are skipped; text on either side of one is one text.
    mutating func comment(_ byte: UInt8) throws(StatementError) {
        try countMarkup()
        if byte == UInt8(ascii: "-") {
            dashes += 1
            return
        }
        defer { dashes = 0 }
        guard dashes >= 2 else { return }
        guard byte == UInt8(ascii: ">") else { throw malformed("'--' inside a comment (comment started on line \(markupStartLine))") }
        state = .content
    }

    /// CDATA is text taken as written: no entities, `<` and `&` literal.
    mutating func cdata(_ byte: UInt8) throws(StatementError) {
        try countMarkup()
        if byte == UInt8(ascii: "]") {
            closingBrackets += 1
            return
        }
        if byte == UInt8(ascii: ">") && closingBrackets >= 2 {
            for _ in 0..<(closingBrackets - 2) { try appendTextByte(UInt8(ascii: "]")) }
            closingBrackets = 0
            state = .content
            return
        }
        for _ in 0..<closingBrackets { try appendTextByte(UInt8(ascii: "]")) }
        closingBrackets = 0
        try appendTextByte(byte)
    }

    /// `<?xml version="1.0" ...?>` at the start; its encoding was read by
    /// ``CamtReader`` before the tokenizer started. A processing instruction
    /// that is not it (`<?xm?>`, `<?xml-stylesheet ...?>`) is refused.
    mutating func declaration(_ byte: UInt8) throws(StatementError) {
        try countMarkup()
        guard byte == UInt8(ascii: ">"), markupText.last == UInt8(ascii: "?") else {
            markupText.append(byte)
            return
        }
        let body = markupText.dropLast()
        let isDeclaration =
            body.starts(with: Array("xml".utf8)) && body.count > 3
            && CamtXMLCharacters.isWhitespace(body[body.startIndex + 3])
        guard isDeclaration else { throw processingInstruction() }
        guard body.firstRange(of: Array("version".utf8)) != nil else {
            throw malformed("the XML declaration has no version (write <?xml version=\"1.0\" encoding=\"UTF-8\"?>)")
        }
        state = .content
    }

    // MARK: References

    mutating func referenceByte(_ byte: UInt8) throws(StatementError) {
        if referenceReturnState == .attributeValue { try countMarkup() }
        if byte != UInt8(ascii: ";") {
            let isNameByte =
                CamtXMLCharacters.isNameCharacter(byte) && byte < 0x80 || (byte == UInt8(ascii: "#") && reference.isEmpty)
            guard isNameByte, reference.count < 32 else {
                throw malformed("'&' is not followed by an entity name and ';' (write '&amp;' for a '&')")
            }
            reference.append(byte)
            return
        }
        let scalar = try resolvedReference()
        state = referenceReturnState
        if state == .attributeValue {
            CamtXMLCharacters.appendUTF8(scalar, to: &attributeValue)
        } else {
            CamtXMLCharacters.appendUTF8(scalar, to: &text)
            if text.count > StatementLimits.elementTextBytesMax { throw textTooLong() }
        }
    }

    private func resolvedReference() throws(StatementError) -> UInt32 {
        switch reference {
        case Array("lt".utf8): return 0x3C
        case Array("gt".utf8): return 0x3E
        case Array("amp".utf8): return 0x26
        case Array("quot".utf8): return 0x22
        case Array("apos".utf8): return 0x27
        default: break
        }
        let written = "&" + String(decoding: reference, as: UTF8.self) + ";"
        guard reference.first == UInt8(ascii: "#") else {
            throw malformed(
                "undefined entity '\(written)': camt.053 has no DTD, so only &lt; &gt; &amp; &quot; &apos; "
                    + "and character references (&#233; &#xE9;) are defined")
        }
        let isHex = reference.count > 1 && reference[1] == UInt8(ascii: "x")
        let digits = String(decoding: reference.dropFirst(isHex ? 2 : 1), as: UTF8.self)
        guard let scalar = UInt32(digits, radix: isHex ? 16 : 10), !digits.isEmpty, !digits.hasPrefix("+"),
            CamtXMLCharacters.isXMLCharacter(scalar)
        else {
            throw malformed("character reference '\(written)' is not a valid XML character")
        }
        return scalar
    }
}
