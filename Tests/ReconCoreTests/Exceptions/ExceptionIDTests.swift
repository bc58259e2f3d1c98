import ReconCore
import XCTest

final class ExceptionIDTests: XCTestCase {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// FIPS 180-4 examples, including the two-block message and padding edges.
    func testSHA256KnownAnswers() {
        XCTAssertEqual(hex(SHA256.hash(Array("".utf8))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(hex(SHA256.hash(Array("abc".utf8))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(
            hex(SHA256.hash([UInt8](repeating: 0x61, count: 1_000))),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        XCTAssertEqual(
            hex(SHA256.hash([UInt8](repeating: 0x61, count: 55))),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
    }

    func testIDHasTheSpecShapeAndIsStable() throws {
        let mismatch = Mismatch(kind: .missingInBank, settlementRef: "PO-1", merchantID: "acme", currency: "EUR")
        let id = ExceptionID(identity: mismatch.identity)
        XCTAssertNotNil(id.text.wholeMatch(of: try Regex("EX-[0-9A-Z]{10}")), id.text)
        // Fixed values (worked out with Python's hashlib): an id must never
        // change between versions of recon.
        XCTAssertEqual(id.text, "EX-YCW9NC04DW")
        XCTAssertEqual(ExceptionID(identity: "").text, "EX-WERC8GMRZG")
    }

    func testKindAndEveryItemChangeTheID() {
        let base = Mismatch(
            kind: .amountMismatch, settlementRef: "PO-1", merchantID: "acme", currency: "EUR", bankAccount: "DE1",
            bankTxnID: "T1", bankLineID: 7)
        var variants = [base]
        var other = base
        other.kind = .dateOutOfWindow
        variants.append(other)
        other = base
        other.settlementRef = "PO-2"
        variants.append(other)
        other = base
        other.merchantID = "globex"
        variants.append(other)
        other = base
        other.currency = "USD"
        variants.append(other)
        other = base
        other.bankLineID = 8
        variants.append(other)
        XCTAssertEqual(Set(variants.map { ExceptionID(identity: $0.identity) }).count, variants.count)
        // Amounts and detail are not the identity: same problem, same id.
        other = base
        other.expectedAmount = 99
        other.detail = "changed"
        XCTAssertEqual(ExceptionID(identity: other.identity), ExceptionID(identity: base.identity))
    }

    func testTypedIDsAreReadCaseInsensitivelyAndOtherTextRefused() {
        XCTAssertEqual(ExceptionID(typed: " ex-werc8gmrzg ")?.text, "EX-WERC8GMRZG")
        for text in ["", "EX-", "EX-WE5W8GMZ3", "EX-WE5W8GMZ3GG", "XX-WE5W8GMZ3G", "EX-WE5W8GMZ3!", "EX-WE5W8GMZ3É"] {
            XCTAssertNil(ExceptionID(typed: text), text)
        }
    }

    /// 20,000 identities, no two ids alike: the 50 bits spread.
    func testManyIdentitiesGiveDistinctIDs() {
        var ids = Set<ExceptionID>()
        for index in 0..<20_000 {
            ids.insert(ExceptionID(identity: "MISSING_IN_BANK\u{1F}m\u{1F}PO-\(index)\u{1F}EUR\u{1F}\u{1F}\u{1F}"))
        }
        XCTAssertEqual(ids.count, 20_000)
    }
}
