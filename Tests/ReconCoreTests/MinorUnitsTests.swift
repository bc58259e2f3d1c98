import ReconCore
import XCTest

/// Money is integer minor units (SPEC §2): every accepted and refused shape
/// of a decimal string, and the way back to text.
final class MinorUnitsTests: XCTestCase {
    func testParsingAcceptsExactlyTheSpecGrammar() {
        let cases: [(text: String, digits: Int, expected: Int64?)] = [
            ("12.34", 2, 1234), ("12.3", 2, 1230), ("12", 2, 1200), ("-0.05", 2, -5), ("0", 2, 0),
            ("1000", 0, 1000), ("12.345", 3, 12345), ("12.3", 3, 12300), ("0.001", 3, 1),
            ("12.345", 2, nil), ("1.5", 0, nil),  // more fraction digits than the currency has
            ("+1.00", 2, nil), ("1e3", 2, nil), ("1,000.00", 2, nil), (" 1.00", 2, nil), ("1.00 ", 2, nil),
            (".5", 2, nil), ("5.", 2, nil), ("-", 2, nil), ("", 2, nil), ("--1", 2, nil), ("1.2.3", 2, nil),
            ("١٢", 2, nil),  // non-ASCII digits
            ("92233720368547758.07", 2, Int64.max), ("92233720368547758.08", 2, nil),  // overflow is refused
            ("-92233720368547758.07", 2, -Int64.max),
        ]
        for (text, digits, expected) in cases {
            XCTAssertEqual(MinorUnits.parse(text, digits: digits), expected, "\(text) with \(digits) digits")
        }
    }

    func testFormattingUsesTheCurrencyDigitsAlways() {
        let cases: [(amount: Int64, digits: Int, expected: String)] = [
            (1234, 2, "12.34"), (-5, 2, "-0.05"), (0, 2, "0.00"), (1200, 2, "12.00"), (1000, 0, "1000"),
            (-7, 0, "-7"), (12345, 3, "12.345"), (1, 3, "0.001"), (Int64.max, 2, "92233720368547758.07"),
            (Int64.min, 2, "-92233720368547758.08"),
        ]
        for (amount, digits, expected) in cases {
            XCTAssertEqual(MinorUnits.format(amount, digits: digits), expected)
        }
    }

    func testRoundTripForEveryCurrencyScale() {
        for digits in 0...4 {
            for amount: Int64 in [0, 1, -1, 99, 100, -12_345_678, 1_000_000_007] {
                let text = MinorUnits.format(amount, digits: digits)
                XCTAssertEqual(MinorUnits.parse(text, digits: digits), amount, text)
            }
        }
    }

    func testCurrencyTableKnowsTheMinorUnits() {
        XCTAssertEqual(Currency(code: "EUR")?.minorDigits, 2)
        XCTAssertEqual(Currency(code: "JPY")?.minorDigits, 0)
        XCTAssertEqual(Currency(code: "KRW")?.minorDigits, 0)
        XCTAssertEqual(Currency(code: "BHD")?.minorDigits, 3)
        XCTAssertEqual(Currency(code: "KWD")?.minorDigits, 3)
        XCTAssertNil(Currency(code: "EURO"))
        XCTAssertNil(Currency(code: "eur"))
        XCTAssertNil(Currency(code: "XXX"))
    }
}
