import ReconCore
import XCTest

final class Base64Tests: XCTestCase {
    func testRFC4648Vectors() {
        let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                       ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in vectors {
            XCTAssertEqual(Base64.encode(Array(plain.utf8)), encoded)
            XCTAssertEqual(Base64.decodeStrict(encoded), Array(plain.utf8), encoded)
        }
    }

    func testAllByteValuesRoundTrip() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
            XCTAssertEqual(Base64.decodeStrict(Base64.encode(bytes)), bytes)
        }
        let all = (0...255).map { UInt8($0) }
        XCTAssertEqual(Base64.decodeStrict(Base64.encode(all)), all)
        XCTAssertEqual(Base64.encode([0xFB, 0xFF]), "+/8=")
        XCTAssertEqual(Array("+/8=".utf8).withUnsafeBytes { Base64.decodeStrict($0) }, [0xFB, 0xFF])
        XCTAssertEqual([UInt8]().withUnsafeBytes { Base64.decodeStrict($0) }, [])
    }

    func testRejectsNonCanonicalInput() {
        let rejected = [
            "Zg", "Zg=", "Zm9", "Zg===", "=Zg=", "Zg==Zg==", "Zm9v\n", " Zm9v", "Zm 9v", "Zm9v YmFy",
            "Zh==",  // non-zero pad bits (Zg== is canonical)
            "Zm9=",  // non-zero pad bits (Zm8= is canonical)
            "Zm-v", "Zm_v", "Zm9v=", "Z===", "====", "Zg=a", "Zm9vYg", "Zm9vYg=\u{0}", "Zm9vé",
        ]
        for text in rejected {
            XCTAssertNil(Base64.decodeStrict(text), text)
        }
    }
}
