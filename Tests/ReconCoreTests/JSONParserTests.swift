import Foundation
import ReconCore
import XCTest

final class JSONParserTests: XCTestCase {
    private let parser = JSONParser()

    func testJSONTestSuiteAcceptsEveryYFile() throws {
        let names = try TestData.files(in: "json/test_parsing").filter { $0.hasPrefix("y_") }
        XCTAssertEqual(names.count, 95)
        for name in names {
            XCTAssertNoThrow(try parser.parse(TestData.bytes("json/test_parsing/\(name)")), name)
        }
    }

    func testJSONTestSuiteRejectsEveryNFile() throws {
        let names = try TestData.files(in: "json/test_parsing").filter { $0.hasPrefix("n_") }
        XCTAssertEqual(names.count, 188)
        for name in names {
            XCTAssertThrowsError(try parser.parse(TestData.bytes("json/test_parsing/\(name)")), name) {
                XCTAssertTrue($0 is JSONParseError, name)
            }
        }
    }

    func testJSONTestSuiteIFilesNeitherCrashNorHang() throws {
        let names = try TestData.files(in: "json/test_parsing").filter { $0.hasPrefix("i_") }
        XCTAssertEqual(names.count, 35)
        var accepted: [String] = []
        for name in names {
            if (try? parser.parse(TestData.bytes("json/test_parsing/\(name)"))) != nil { accepted.append(name) }
        }
        // Only the number cases are accepted: surrogate, encoding and BOM cases
        // are rejected by design, and 500 levels exceed the default depth.
        XCTAssertTrue(accepted.allSatisfy { $0.hasPrefix("i_number_") }, "\(accepted)")
    }

    func testValuesKeepSourceTextOrderAndDuplicates() throws {
        let value = try parser.parse(#" {"b": 1.50, "a": [true, null, -0, "x\u00e9\ud83d\ude00"], "b": {}} "#)
        XCTAssertEqual(
            value,
            .object([
                (key: "b", value: .number("1.50")),
                (key: "a", value: .array([.bool(true), .null, .number("-0"), .string("xé😀")])),
                (key: "b", value: .object([])),
            ]))
        XCTAssertEqual(value.duplicateKeys(), ["b"])
        XCTAssertTrue(value.containsDuplicateKeys())
        XCTAssertEqual(value["a"], .array([.bool(true), .null, .number("-0"), .string("xé😀")]))
    }

    func testLoneSurrogatesAreRejected() {
        for text in [#""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\ud800x""#] {
            XCTAssertThrowsError(try parser.parse(text), text)
        }
    }

    func testErrorsCarryLineNumbers() {
        XCTAssertThrowsError(try parser.parse(Array("{\n\"a\": 1,\n\"b\" 2}".utf8), firstLine: 10)) { error in
            XCTAssertEqual((error as? JSONParseError)?.line, 12)
            XCTAssertEqual((error as? JSONParseError)?.message, "expected ':'")
        }
    }

    func testDepthIsBounded() throws {
        let nested = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        XCTAssertNoThrow(try parser.parse(nested))
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        XCTAssertThrowsError(try parser.parse(tooDeep))
        XCTAssertThrowsError(try parser.parse(String(repeating: "{\"a\":", count: 1_000_000)))
        XCTAssertNoThrow(try JSONParser(maxDepth: 3).parse("[{\"a\":[]}]"))
        XCTAssertThrowsError(try JSONParser(maxDepth: 3).parse("[{\"a\":[[]]}]"))
    }

    func testRejectsInvalidUTF8AndBOM() {
        XCTAssertThrowsError(try parser.parse([0x22, 0xC3, 0x28, 0x22]))
        XCTAssertThrowsError(try parser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]))
        XCTAssertThrowsError(try parser.parse([0xEF, 0xBB, 0xBF, 0x31]))
        XCTAssertThrowsError(try parser.parse(""))
        XCTAssertThrowsError(try parser.parse("1 2"))
    }
}
