import XCTest

@testable import ReconCrypto

final class DigestTests: XCTestCase {
    func testKnownAnswers() {
        // FIPS 180-2 examples.
        XCTAssertEqual(
            Hex.encode(Digest.sha256([])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            Hex.encode(Digest.sha256(Array("abc".utf8))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        XCTAssertEqual(
            Hex.encode(Digest.sha256(million)), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testStreamingMatchesOneShot() {
        var generator = SystemRandomNumberGenerator()
        let data = (0..<300_001).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for chunkSize in [1, 63, 64, 65, 4096, 300_001] {
            var hasher = SHA256Hasher()
            var offset = 0
            while offset < data.count {
                let end = min(offset + chunkSize, data.count)
                data[offset..<end].withUnsafeBytes { hasher.update($0) }
                offset = end
            }
            XCTAssertEqual(hasher.finalize(), Digest.sha256(data), "chunk \(chunkSize)")
        }
    }

    func testHasherIsAValue() {
        var first = SHA256Hasher()
        first.update(Array("ab".utf8))
        var second = first
        second.update(Array("c".utf8))
        XCTAssertEqual(first.finalize(), Digest.sha256(Array("ab".utf8)))
        XCTAssertEqual(second.finalize(), Digest.sha256(Array("abc".utf8)))
        // finalize does not end the hasher.
        first.update(Array("c".utf8))
        XCTAssertEqual(first.finalize(), second.finalize())
        XCTAssertEqual(SHA256Hasher().finalize(), Digest.sha256([]))
    }

    func testHex() {
        XCTAssertEqual(Hex.encode([0x00, 0x0f, 0xa0, 0xff]), "000fa0ff")
        XCTAssertEqual(Hex.decode("000FA0ff"), [0x00, 0x0f, 0xa0, 0xff])
        XCTAssertEqual(Hex.decode(""), [])
        XCTAssertNil(Hex.decode("abc"))
        XCTAssertNil(Hex.decode("zz"))
    }
}
