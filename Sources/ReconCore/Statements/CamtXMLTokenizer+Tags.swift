/// Start and end tags: names, attributes, the open-element stack, and the
/// handler calls they make.
extension CamtXMLTokenizer {
    mutating func startTag(_ byte: UInt8) throws(StatementError) {
        try countMarkup()
        let isWhitespace = CamtXMLCharacters.isWhitespace(byte)
        switch state {
        case .startName:
            if CamtXMLCharacters.isNameCharacter(byte) {
                name.append(byte)
            } else {
                try afterName(byte, isWhitespace: isWhitespace, what: "the tag name <\(nameText)")
            }
        case .inStartTag:
            if isWhitespace { return }
            if CamtXMLCharacters.isNameStart(byte) {
                attributeName.removeAll(keepingCapacity: true)
                attributeName.append(byte)
                state = .attributeName
            } else {
                try afterName(byte, isWhitespace: false, what: "the start tag <\(nameText)>")
            }
        case .attributeName:
            if CamtXMLCharacters.isNameCharacter(byte) {
                attributeName.append(byte)
            } else if isWhitespace {
                state = .afterAttributeName
            } else if byte == UInt8(ascii: "=") {
                state = .beforeAttributeValue
            } else {
                throw attributeWithoutValue()
            }
        case .afterAttributeName:
            if isWhitespace { return }
            guard byte == UInt8(ascii: "=") else { throw attributeWithoutValue() }
            state = .beforeAttributeValue
        case .beforeAttributeValue:
            if isWhitespace { return }
            guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") else {
                throw malformed("the value of attribute \(attributeNameText) in <\(nameText)> is not in quotes")
            }
            attributeQuote = byte
            attributeValue.removeAll(keepingCapacity: true)
            state = .attributeValue
        case .attributeValue:
            try attributeValueByte(byte)
        case .afterAttributeValue:
            if isWhitespace {
                state = .inStartTag
            } else {
                try afterName(byte, isWhitespace: false, what: "the start tag <\(nameText)> (attributes are separated by spaces)")
            }
        default:  // .emptyElementEnd
            guard byte == UInt8(ascii: ">") else { throw malformed("'/' in the start tag <\(nameText)> is not followed by '>'") }
            try finishStartTag(isEmpty: true)
        }
    }

    /// Where a name or an attribute may end the tag: white space, `/` or `>`.
    private mutating func afterName(_ byte: UInt8, isWhitespace: Bool, what: String) throws(StatementError) {
        if isWhitespace {
            state = .inStartTag
        } else if byte == UInt8(ascii: "/") {
            state = .emptyElementEnd
        } else if byte == UInt8(ascii: ">") {
            try finishStartTag(isEmpty: false)
        } else {
            throw malformed("character '\(Self.printable(byte))' is not allowed in \(what)")
        }
    }

    private mutating func attributeValueByte(_ byte: UInt8) throws(StatementError) {
        switch byte {
        case attributeQuote:
            try finishAttribute()
            state = .afterAttributeValue
        case UInt8(ascii: "<"):
            throw malformed("'<' in the value of attribute \(attributeNameText) (write '&lt;')")
        case UInt8(ascii: "&"):
            state = .reference
            referenceReturnState = .attributeValue
            reference.removeAll(keepingCapacity: true)
        case CamtXMLCharacters.lineFeed where previousWasCarriageReturn:
            break  // CR LF is one space, like one line end
        case CamtXMLCharacters.tab, CamtXMLCharacters.lineFeed, CamtXMLCharacters.carriageReturn:
            attributeValue.append(CamtXMLCharacters.space)  // attribute-value normalisation (XML 1.0 §3.3.3)
        default:
            attributeValue.append(byte)
        }
    }

    private mutating func finishAttribute() throws(StatementError) {
        let attribute = CamtXMLAttribute(
            name: attributeNameText, value: String(decoding: attributeValue, as: UTF8.self))
        if attributes.contains(where: { $0.name == attribute.name }) {
            throw malformed("attribute \(attribute.name) appears twice in <\(nameText)>")
        }
        if attributes.count == StatementLimits.attributesPerElementMax {
            throw StatementError(
                .limitExceeded, fileName: fileName, location: "line \(markupStartLine), \(openPath)",
                "element <\(Self.localName(name))> has more than \(StatementLimits.attributesPerElementMax) "
                    + "attributes, over the limit (camt.053 elements carry one or two)")
        }
        attributes.append(attribute)
    }

    private mutating func finishStartTag(isEmpty: Bool) throws(StatementError) {
        state = .content
        if rootClosed {
            throw malformed("a second root element <\(nameText)> after the first one's end tag")
        }
        sawRoot = true
        openNames.append(contentsOf: name)
        openEnds.append(openNames.count)
        if openEnds.count > StatementLimits.elementDepthMax {
            throw StatementError(
                .limitExceeded, fileName: fileName, location: "line \(line), \(openPath)",
                "element <\(Self.localName(name))> is nested \(openEnds.count) deep, over the limit of "
                    + "\(StatementLimits.elementDepthMax) (camt.053 needs about 14)")
        }
        text.removeAll(keepingCapacity: true)
        try handler.startElement(localName: Self.localName(name), attributes: attributes, line: line)
        attributes.removeAll(keepingCapacity: true)
        if isEmpty { try closeElement() }
    }

    mutating func endTag(_ byte: UInt8) throws(StatementError) {
        try countMarkup()
        if state == .endName {
            if name.isEmpty ? CamtXMLCharacters.isNameStart(byte) : CamtXMLCharacters.isNameCharacter(byte) {
                name.append(byte)
                return
            }
            if !name.isEmpty && CamtXMLCharacters.isWhitespace(byte) {
                state = .afterEndName
                return
            }
        } else if CamtXMLCharacters.isWhitespace(byte) {
            return
        }
        guard byte == UInt8(ascii: ">"), !name.isEmpty else {
            throw malformed("character '\(Self.printable(byte))' is not allowed in the end tag </\(nameText)")
        }
        state = .content
        guard let top = openEnds.indices.last else {
            throw malformed("end tag </\(nameText)> without a start tag")
        }
        let start = top == 0 ? 0 : openEnds[top - 1]
        guard openNames[start...].elementsEqual(name) else {
            throw malformed("end tag </\(nameText)> does not match the start tag <\(openQualifiedName(top))>")
        }
        try closeElement()
    }

    /// Hands the element's text to the handler, then pops it.
    private mutating func closeElement() throws(StatementError) {
        try text.withUnsafeBufferPointer { (bytes: UnsafeBufferPointer<UInt8>) throws(StatementError) in
            try handler.endElement(text: bytes, line: line)
        }
        text.removeAll(keepingCapacity: true)
        openEnds.removeLast()
        openNames.removeLast(openNames.count - (openEnds.last ?? 0))
        if openEnds.isEmpty { rootClosed = true }
    }

    var nameText: String { String(decoding: name, as: UTF8.self) }
    var attributeNameText: String { String(decoding: attributeName, as: UTF8.self) }

    private func attributeWithoutValue() -> StatementError {
        malformed("attribute \(attributeNameText) in <\(nameText)> has no value (write \(attributeNameText)=\"...\")")
    }

    /// A byte for a message: itself when printable ASCII, else its hex value.
    static func printable(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16, uppercase: true)
    }
}
