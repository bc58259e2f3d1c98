import ReconCore
import XCTest

/// The byte writer of the exceptions list follows CSVWriter's rules exactly:
/// every tricky cell (quotes, commas, newlines, formula starts, non-ASCII,
/// empty and absent) gives the same bytes both ways.
final class CSVByteWriterTests: XCTestCase {
    func testSameOutputAsCSVWriterForEveryKindOfCell() {
        let texts: [String?] = [
            nil, "", "plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "=SUM(A1)", "+1", "-5", "@ana", "\ttab",
            "\rcr", "é€😀", "=\"quoted,formula\"", "'already", " -space first",
        ]
        var reference = CSVWriter(header: ["own", "input"])
        var bytes = CSVByteWriter(header: ["own", "input"])
        for text in texts {
            reference.append([.ownValue(text), .inputText(text)])
            bytes.own(text)
            bytes.input(text)
            bytes.endRow()
        }
        XCTAssertEqual(String(decoding: bytes.bytes, as: UTF8.self), reference.finished())
    }
}
