import Foundation
import XCTest

@testable import ReconCore

/// The tokenizer alone, through a handler that writes its events down: what
/// it reports for each construct camt.053 may use, what it refuses and where,
/// and that the chunking of the input never changes either.
final class CamtXMLTokenizerTests: XCTestCase {
    final class Recorder: CamtXMLHandler {
        var events: [String] = []

        func startElement(localName: String, attributes: [CamtXMLAttribute], line: Int) throws(StatementError) {
            let written = attributes.map { " \($0.name)=\($0.value.debugDescription)" }.joined()
            events.append("\(line) <\(localName)\(written)>")
        }

        func endElement(text: UnsafeBufferPointer<UInt8>, line: Int) throws(StatementError) {
            events.append("\(line) \(String(decoding: text, as: UTF8.self).debugDescription)/")
        }
    }

    /// The events of `bytes` fed whole, or in chunks of `chunkSize` bytes.
    static func events(
        _ bytes: [UInt8], chunkSize: Int? = nil, encoding: CamtXMLEncoding = .utf8
    ) throws(StatementError) -> [String] {
        let recorder = Recorder()
        var tokenizer = CamtXMLTokenizer(handler: recorder, fileName: "t.xml", encoding: encoding)
        let size = max(1, chunkSize ?? bytes.count)
        var start = 0
        while start < bytes.count {
            let chunk = Array(bytes[start..<min(start + size, bytes.count)])
            try CamtXMLCharacters.withBytes(of: chunk) { (buffer) throws(StatementError) in try tokenizer.feed(buffer) }
            start += size
        }
        try tokenizer.finish()
        return recorder.events
    }

    static func events(_ text: String, chunkSize: Int? = nil) throws(StatementError) -> [String] {
        try events(Array(text.utf8), chunkSize: chunkSize)
    }

    static func refusal(_ bytes: [UInt8], chunkSize: Int? = nil) -> StatementError? {
        do {
            _ = try events(bytes, chunkSize: chunkSize)
            return nil
        } catch {
            return error
        }
    }

    /// Every construct at once, on several lines with CR LF and tabs.
    static let rich = "\u{FEFF}<?xml version=\"1.0\" encoding='UTF-8'?>\r\n<!-- head -->\n"
        + "<ns2:Document xmlns:ns2=\"urn:x\" a='1'\tb=\"x&amp;y&#233;&#xE9;\r\nz\">\n"
        + "  <ns2:Amt Ccy='EUR'>1.00</ns2:Amt><Empty/><Empty2 c=\"&quot;&apos;\" />\n"
        + "  <Ustrd>a &lt;b&gt; <!-- not text -->c<![CDATA[ <&>]] ]]]>&#x1F600;\r\nd\re</Ustrd>\n"
        + "  <é-ü.1>ça</é-ü.1>\n"
        + "</ns2:Document>\n<!-- tail -->\n"

    func testReportsElementsAttributesAndResolvedText() throws {
        // Line numbers are where each tag ends; CR LF, a lone CR and LF each end a line.
        XCTAssertEqual(try Self.events(Self.rich), [
            "4 <Document xmlns:ns2=\"urn:x\" a=\"1\" b=\"x&yéé z\">",
            "5 <Amt Ccy=\"EUR\">", "5 \"1.00\"/", "5 <Empty>", "5 \"\"/", "5 <Empty2 c=\"\\\"\\\'\">", "5 \"\"/",
            "6 <Ustrd>", "8 \"a <b> c <&>]] ]😀\\nd\\ne\"/",
            "9 <é-ü.1>", "9 \"ça\"/",
            "10 \"\\n\"/",
        ])
    }

    func testChunkBoundariesNeverChangeTheEvents() throws {
        let whole = try Self.events(Self.rich)
        for size in 1...7 {
            XCTAssertEqual(try Self.events(Self.rich, chunkSize: size), whole, "chunks of \(size) bytes")
        }
        let broken = Array("<a><b>x</c></a>".utf8)
        let error = try XCTUnwrap(Self.refusal(broken))
        for size in 1...7 { XCTAssertEqual(Self.refusal(broken, chunkSize: size), error, "chunks of \(size) bytes") }
    }

    func testLatin1IsReadAsItsCodePoints() throws {
        let bytes: [UInt8] = Array("<a t='".utf8) + [0xE9] + Array("'>".utf8) + [0xC7, 0xA9] + Array("</a>".utf8)
        XCTAssertEqual(try Self.events(bytes, chunkSize: 1, encoding: .latin1), ["1 <a t=\"é\">", "1 \"Ç©\"/"])
        XCTAssertNotNil(Self.refusal(bytes), "the same bytes are not UTF-8")
    }

    /// Each refusal: the input, the kind, the exact location and the message's end.
    func testRefusesWhatCamtNeverHoldsWithLineAndElement() {
        let cases: [(String, StatementError.Kind, String, String)] = [
            ("<?xml version='1.0'?>\n<!DOCTYPE a>\n<a/>", .limitExceeded, "line 2, (outside the root element)",
             "camt.053 files carry no DTD: '<!DOCTYPE' is refused"),
            ("<a>\n<?pi x?></a>", .malformed, "byte 5, line 2, a",
             "processing instruction '<?...?>' other than the XML declaration: not allowed in camt.053"),
            ("<?xm?><a/>", .malformed, "byte 1, line 1, (outside the root element)",
             "processing instruction '<?...?>' other than the XML declaration: not allowed in camt.053"),
            (" <?xml version='1.0'?><a/>", .malformed, "byte 2, line 1, (outside the root element)",
             "processing instruction '<?...?>' other than the XML declaration: not allowed in camt.053"),
            ("<a>&nbsp;</a>", .malformed, "line 1, a",
             "undefined entity '&nbsp;': camt.053 has no DTD, so only &lt; &gt; &amp; &quot; &apos; and character references (&#233; &#xE9;) are defined"),
            ("<a>&#0;</a>", .malformed, "line 1, a", "character reference '&#0;' is not a valid XML character"),
            ("<a>&#xD800;</a>", .malformed, "line 1, a", "character reference '&#xD800;' is not a valid XML character"),
            ("<a>&#x110000;</a>", .malformed, "line 1, a", "character reference '&#x110000;' is not a valid XML character"),
            ("<a>&#;</a>", .malformed, "line 1, a", "character reference '&#;' is not a valid XML character"),
            ("<a>fish & chips</a>", .malformed, "line 1, a", "'&' is not followed by an entity name and ';' (write '&amp;' for a '&')"),
            ("<a>\n<b>x</c></a>", .malformed, "line 2, a/b", "end tag </c> does not match the start tag <b>"),
            ("<a><b>x</b>\n", .malformed, "line 2, a", "the file ends before </a> (element not closed)"),
            ("<a><b", .malformed, "line 1, a", "the file ends inside markup (a tag, comment or CDATA section starting on line 1)"),
            ("<a><!-- x", .malformed, "line 1, a", "the file ends inside markup (a tag, comment or CDATA section starting on line 1)"),
            ("x<a/>", .malformed, "line 1, (outside the root element)", "text before the root element (is this an XML file?)"),
            ("<a/>\nx", .malformed, "line 2, (outside the root element)", "text after the root element's end tag"),
            ("<a/><b/>", .malformed, "line 1, (outside the root element)", "a second root element <b> after the first one's end tag"),
            ("</a>", .malformed, "line 1, (outside the root element)", "end tag </a> without a start tag"),
            ("<a x='1' x=\"2\"/>", .malformed, "line 1, (outside the root element)", "attribute x appears twice in <a>"),
            ("<a x=1/>", .malformed, "line 1, (outside the root element)", "the value of attribute x in <a> is not in quotes"),
            ("<a x/>", .malformed, "line 1, (outside the root element)", "attribute x in <a> has no value (write x=\"...\")"),
            ("<a x='<'/>", .malformed, "line 1, (outside the root element)", "'<' in the value of attribute x (write '&lt;')"),
            ("<a x='1'y='2'/>", .malformed, "line 1, (outside the root element)",
             "character 'y' is not allowed in the start tag <a> (attributes are separated by spaces)"),
            ("<a>< b/></a>", .malformed, "line 1, a", "'<' is not followed by a tag name (write '&lt;' for a '<' in text)"),
            ("<a>]]></a>", .malformed, "line 1, a", "']]>' in text (it only ends a CDATA section; write ']]&gt;')"),
            ("<a><!-- x -- y --></a>", .malformed, "line 1, a", "'--' inside a comment (comment started on line 1)"),
            ("<![CDATA[x]]><a/>", .malformed, "line 1, (outside the root element)", "CDATA section outside the root element"),
            ("<a>\u{1}</a>", .malformed, "line 1, a", "control character U+0001 is not allowed in XML"),
            ("<?xml encoding='UTF-8'?><a/>", .malformed, "line 1, (outside the root element)",
             "the XML declaration has no version (write <?xml version=\"1.0\" encoding=\"UTF-8\"?>)"),
        ]
        for (document, kind, location, message) in cases {
            guard let error = Self.refusal(Array(document.utf8)) else {
                XCTFail("accepted: \(document.debugDescription)")
                continue
            }
            XCTAssertEqual(error.kind, kind, document.debugDescription)
            XCTAssertEqual(error.location, location, document.debugDescription)
            XCTAssertTrue(error.message.hasSuffix(message), "\(document.debugDescription): \(error.message)")
            XCTAssertEqual(error.fileName, "t.xml")
        }
    }

    func testInvalidUTF8IsRefusedWhereverItIs() {
        let bad: [[UInt8]] = [
            [0xFF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBF, 0xBF],
            [0xC3], [0x80],
        ]
        for bytes in bad {
            for (before, after) in [("<a>", "</a>"), ("<a", "/>"), ("<a x='", "'/>"), ("<a><!--", "--></a>")] {
                let document = Array(before.utf8) + bytes + Array(after.utf8)
                let error = Self.refusal(document)
                XCTAssertEqual(error?.kind, .malformed, "\(document)")
                XCTAssertTrue(error?.message.contains("UTF-8") == true, "\(document): \(String(describing: error))")
            }
        }
        XCTAssertEqual(Self.refusal([0xEF, 0xBB] + Array("<a/>".utf8))?.kind, .malformed, "half a byte order mark")
    }

    func testLimitsAreEnforcedInsideTheTokenizer() throws {
        let deep = String(repeating: "<a>", count: 70) + String(repeating: "</a>", count: 70)
        let depth = try XCTUnwrap(Self.refusal(Array(deep.utf8)))
        XCTAssertEqual(depth.kind, .limitExceeded)
        XCTAssertEqual(depth.location, "line 1, a/a/a/a/…(57 more)…/a/a/a/a")
        XCTAssertEqual(depth.message, "element <a> is nested 65 deep, over the limit of 64 (camt.053 needs about 14)")
        // Entities count as the text they stand for.
        let within = "<a>" + String(repeating: "&amp;", count: StatementLimits.elementTextBytesMax) + "</a>"
        XCTAssertEqual(try Self.events(within).count, 2)
        let over = "<a>" + String(repeating: "&amp;", count: StatementLimits.elementTextBytesMax) + "&#xE9;</a>"
        XCTAssertEqual(Self.refusal(Array(over.utf8))?.message, "text of element a is longer than the limit of 64 KiB per element")
        let comment = "<a><!--" + String(repeating: "c", count: StatementLimits.markupBytesMax) + "--></a>"
        XCTAssertEqual(Self.refusal(Array(comment.utf8))?.kind, .limitExceeded)
        let reference = "<a x='" + String(repeating: "&amp;", count: StatementLimits.markupBytesMax / 5) + "'/>"
        XCTAssertEqual(Self.refusal(Array(reference.utf8))?.kind, .limitExceeded, "references in an attribute are markup")
    }
}
