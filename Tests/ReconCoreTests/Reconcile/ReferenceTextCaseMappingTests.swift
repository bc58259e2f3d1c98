import XCTest

@testable import ReconCore

/// The SQL prematch (ReconEngine's `ReferencePrematch`) lowercases ASCII only
/// and maps U+212A KELVIN SIGN to `k`, relying on Kelvin being the one
/// non-ASCII character whose lowercase is pure ASCII. Checked here against
/// the Swift runtime that recon actually runs on.
final class ReferenceTextCaseMappingTests: XCTestCase {
    func testKelvinSignIsTheOnlyNonASCIICharacterThatLowercasesToASCII() {
        var lowercasingToASCII: [UInt32] = []
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let lowered = ReferenceText.normalized(String(Character(scalar)))
            if !lowered.isEmpty, lowered.utf8.allSatisfy({ $0 < 0x80 }) { lowercasingToASCII.append(value) }
        }
        XCTAssertEqual(lowercasingToASCII, [0x212A])
        XCTAssertEqual(ReferenceText.normalized("\u{212A}X-6"), "kx-6")
        XCTAssertEqual(ReferenceText.tokens(of: "paid \u{212A}X-6."), ["paid", "kx-6"])
    }

    func testNormalizingTrimsASCIIWhitespaceOnly() {
        XCTAssertEqual(ReferenceText.normalized(" \t\n\u{0B}\u{0C}\rPO-1 \r\n"), "po-1")
        XCTAssertEqual(ReferenceText.normalized("\u{00A0}PO-1"), "\u{00A0}po-1")
    }
}
