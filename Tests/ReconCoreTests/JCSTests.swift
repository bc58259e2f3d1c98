import Foundation
import ReconCore
import XCTest

final class JCSTests: XCTestCase {
    func testCyberphoneVectors() throws {
        let names = try TestData.files(in: "jcs/input", suffix: ".json")
        XCTAssertEqual(names.count, 6)
        for name in names {
            let value = try JSONParser().parse(TestData.bytes("jcs/input/\(name)"))
            let expected = try TestData.bytes("jcs/output/\(name)")
            let canonical = try JCS.canonicalize(value)
            XCTAssertEqual(
                String(decoding: canonical, as: UTF8.self), String(decoding: expected, as: UTF8.self), name)
            XCTAssertEqual(canonical, expected, name)
        }
    }

    func testES6NumberSerializationFirst10k() throws {
        let text = String(decoding: try TestData.bytes("jcs/es6testfile_first10k.txt"), as: UTF8.self)
        var checked = 0
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ",")
            guard parts.count == 2, let bits = UInt64(parts[0], radix: 16) else {
                XCTFail("bad line \(line)")
                continue
            }
            let value = Double(bitPattern: bits)
            XCTAssertEqual(JCS.ecmaScriptString(value), String(parts[1]), String(line))
            // And through the JSON path: the expected text parses back to itself.
            XCTAssertEqual(try JCS.canonicalize(.number(String(parts[1]))), Array(parts[1].utf8))
            checked += 1
        }
        XCTAssertEqual(checked, 10_000)
    }

    func testNumberFormsAndErrors() throws {
        let cases = [
            ("-0", "0"), ("0.0", "0"), ("1E21", "1e+21"), ("1e20", "100000000000000000000"),
            ("123456789012345678901", "123456789012345680000"), ("1e-7", "1e-7"), ("0.000001", "0.000001"),
            ("1.50", "1.5"), ("-12.300e2", "-1230"), ("9007199254740993", "9007199254740992"),
            ("1e-400", "0"), ("5e-324", "5e-324"), ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(String(decoding: try JCS.canonicalize(.number(input)), as: UTF8.self), expected, input)
        }
        for bad in ["1e400", "-1e400", "nan", "inf", "0x10", ""] {
            XCTAssertThrowsError(try JCS.canonicalize(.number(bad)), bad) {
                XCTAssertEqual($0 as? JCSError, .invalidNumber(bad))
            }
        }
    }

    func testOmittingTheSignatureMember() throws {
        let record = try JSONParser().parse(#"{"signature":"c2ln","b":"2","a":{"signature":1}}"#)
        XCTAssertEqual(
            String(decoding: try JCS.canonicalize(record, omittingMembers: ["signature"]), as: UTF8.self),
            #"{"a":{"signature":1},"b":"2"}"#)
        XCTAssertEqual(try JCS.canonicalize(.array([]), omittingMembers: ["signature"]), Array("[]".utf8))
        XCTAssertEqual(record.objectMembers?.count, 3)
    }

    func testNonFiniteDoublesUseECMAScriptNames() {
        XCTAssertEqual(JCS.ecmaScriptString(.nan), "NaN")
        XCTAssertEqual(JCS.ecmaScriptString(-.infinity), "-Infinity")
        XCTAssertEqual(JCS.ecmaScriptString(-0.0), "0")
    }

    /// UTF-16 order differs from code point order between U+E000…U+FFFF and
    /// supplementary characters; the byte-level comparison must follow UTF-16.
    func testKeyOrderIsUTF16NotCodePoint() throws {
        let keys = ["\u{FFFF}", "\u{10000}", "\u{E000}", "\u{D7FF}", "a", "ab", "", "\u{1F600}", "\u{7F}", "\u{80}"]
        for left in keys {
            for right in keys {
                XCTAssertEqual(
                    JCS.precedesInUTF16Order(left, right), left.utf16.lexicographicallyPrecedes(right.utf16),
                    "\(left.unicodeScalars.map(\.value)) vs \(right.unicodeScalars.map(\.value))")
            }
        }
        let object = JSONValue.object(keys.map { (key: $0, value: .null) })
        let sortedKeys = keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        let expected = "{" + sortedKeys.map { "\"\($0)\":null" }.joined(separator: ",") + "}"
        XCTAssertEqual(String(decoding: try JCS.canonicalize(object), as: UTF8.self), expected)
    }

    func testStringEscapingAndKeyOrder() throws {
        let value = try JSONParser().parse(
            #"{"b":"\u0000\u001f\u007f\u2028\"\\\/\b\f\n\r\t","a":[],"\ud83d\ude00":1,"\ufb01":2,"é":true}"#)
        XCTAssertEqual(
            String(decoding: try JCS.canonicalize(value), as: UTF8.self),
            "{\"a\":[],\"b\":\"\\u0000\\u001f\u{7f}\u{2028}\\\"\\\\/\\b\\f\\n\\r\\t\",\"é\":true,\"😀\":1,\"ﬁ\":2}")
    }

    func testDuplicateKeysAreRejectedByExactText() throws {
        XCTAssertThrowsError(try JCS.canonicalize(JSONParser().parse(#"{"a":1,"b":{"x":1,"x":2}}"#))) {
            XCTAssertEqual($0 as? JCSError, .duplicateKey("x"))
        }
        // Canonically equivalent but different keys are different members.
        let value = try JSONParser().parse(#"{"\u00e9":1,"e\u0301":2}"#)
        XCTAssertEqual(value.duplicateKeys(), [])
        XCTAssertEqual(String(decoding: try JCS.canonicalize(value), as: UTF8.self), "{\"é\":2,\"é\":1}")
    }

    func testStringObjectLayoutMatchesGeneralCanonicalization() throws {
        let header = ["txn_id", "signature", "amount", "Zeta", "€", "😀", "ﬁ", "a\"b"]
        let layout = try JCSStringObjectLayout(keys: header, excluding: ["signature"])
        let cells = ["t-1", "c2ln", "-12.30", "", "x\ny", "\u{1}", "\\", "é"]
        var reader = CSVReader(ByteArrayStream(cells.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: ",")))
        let record = try reader.readHeader()
        XCTAssertEqual(record.fields, cells)

        let members = zip(header, cells).filter { $0.0 != "signature" }.map { (key: $0.0, value: JSONValue.string($0.1)) }
        let expected = try JCS.canonicalize(.object(members))
        XCTAssertEqual(try layout.canonicalize(record), expected)
        var fromStrings: [UInt8] = []
        try layout.append(values: cells, into: &fromStrings)
        XCTAssertEqual(fromStrings, expected)

        XCTAssertThrowsError(try layout.canonicalize(CSVRecord(line: 1, fields: ["only one"])))
        XCTAssertThrowsError(try JCSStringObjectLayout(keys: ["a", "b", "a"])) {
            XCTAssertEqual($0 as? JCSError, .duplicateKey("a"))
        }
    }
}
