import Foundation
import XCTest

@testable import ReconCrypto

/// Agreement with Project Wycheproof (shared/testdata/wycheproof, SOURCES.md).
///
/// Policy:
/// - `valid` must verify and `invalid` must fail, for every vector.
/// - `acceptable` vectors (legal but dubious inputs) get whatever OpenSSL
///   answers; the observed answer is pinned here so a library upgrade that
///   changes it is noticed. The only one in these files is RSA PKCS#1
///   "MissingNull" (DigestInfo without the NULL parameters); OpenSSL rejects
///   it, which is the strict reading recon wants.
/// - HMAC: SPEC §3.1 wants full-length tags. Groups with truncated tags
///   (tagSize 128) must all fail; for their `valid` vectors the test also
///   checks that the full tag starts with the vector's tag, so the failure is
///   the length rule and not wrong arithmetic. Groups with 16-byte keys are
///   refused by the public init (secrets < 32 bytes); the MAC itself is still
///   checked through the internal unchecked init.
/// - Every file's vector count is asserted, so no test can pass vacuously.
final class WycheproofTests: XCTestCase {
    struct File<Group: Decodable>: Decodable {
        let numberOfTests: Int
        let testGroups: [Group]
    }

    struct SignatureGroup: Decodable {
        let publicKeyPem: String
        let publicKeyDer: String
        let tests: [SignatureVector]
    }

    struct SignatureVector: Decodable {
        let tcId: Int
        let comment: String
        let flags: [String]
        let msg: String
        let sig: String
        let result: String
    }

    struct MACGroup: Decodable {
        let keySize: Int
        let tagSize: Int
        let tests: [MACVector]
    }

    struct MACVector: Decodable {
        let tcId: Int
        let comment: String
        let key: String
        let msg: String
        let tag: String
        let result: String
    }

    struct Tally: Equatable, CustomStringConvertible {
        var valid = 0
        var invalid = 0
        var acceptableAccepted = 0
        var acceptableRejected = 0
        var total: Int { valid + invalid + acceptableAccepted + acceptableRejected }
        var description: String {
            "valid \(valid), invalid \(invalid), acceptable accepted \(acceptableAccepted) / rejected \(acceptableRejected)"
        }
    }

    func testECDSAP256SHA256() throws {
        let tally = try checkSignatures("ecdsa_secp256r1_sha256_test.json", .ecdsaP256SHA256)
        XCTAssertEqual(tally, Tally(valid: 174, invalid: 310))
    }

    func testECDSAP384SHA384() throws {
        let tally = try checkSignatures("ecdsa_secp384r1_sha384_test.json", .ecdsaP384SHA384)
        XCTAssertEqual(tally, Tally(valid: 194, invalid: 310))
    }

    func testEd25519() throws {
        let tally = try checkSignatures("ed25519_test.json", .ed25519)
        XCTAssertEqual(tally, Tally(valid: 88, invalid: 63))
    }

    func testRSAPSS2048SHA256MGF1Salt32() throws {
        let tally = try checkSignatures("rsa_pss_2048_sha256_mgf1_32_test.json", .rsaPSSSHA256)
        XCTAssertEqual(tally, Tally(valid: 63, invalid: 45))
    }

    func testRSAPKCS1v15SHA256() throws {
        // tcId 8 "MissingNull" is the one acceptable vector: OpenSSL rejects it.
        let tally = try checkSignatures("rsa_signature_2048_sha256_test.json", .rsaPKCS1SHA256)
        XCTAssertEqual(tally, Tally(valid: 9, invalid: 249, acceptableAccepted: 0, acceptableRejected: 1))
    }

    private func checkSignatures(_ name: String, _ algorithm: SignatureAlgorithm) throws -> Tally {
        let file = try JSONDecoder().decode(File<SignatureGroup>.self, from: TestData.wycheproof(name))
        var tally = Tally()
        for group in file.testGroups {
            let key = try VerificationKey(publicKeyPEM: Array(group.publicKeyPem.utf8), algorithm: algorithm)
            // The DER form must load to the same answers (checked on the first vector).
            let keyFromDER = try VerificationKey(publicKeyDER: [UInt8](hex: group.publicKeyDer), algorithm: algorithm)
            for (index, vector) in group.tests.enumerated() {
                let message = [UInt8](hex: vector.msg)
                let signature = [UInt8](hex: vector.sig)
                let verified = key.verify(message: message, signature: signature)
                if index == 0 {
                    XCTAssertEqual(keyFromDER.verify(message: message, signature: signature), verified)
                }
                let label = "\(name) tcId \(vector.tcId) (\(vector.comment), \(vector.flags))"
                switch vector.result {
                case "valid":
                    XCTAssertTrue(verified, "valid vector rejected: \(label)")
                    tally.valid += 1
                case "invalid":
                    XCTAssertFalse(verified, "invalid vector accepted: \(label)")
                    tally.invalid += 1
                case "acceptable":
                    if verified { tally.acceptableAccepted += 1 } else { tally.acceptableRejected += 1 }
                default:
                    XCTFail("unknown result \(vector.result): \(label)")
                }
            }
        }
        XCTAssertEqual(tally.total, file.numberOfTests, "\(name): every vector must be checked")
        print("Wycheproof \(name): \(tally)")
        return tally
    }

    func testHMACSHA256() throws {
        let file = try JSONDecoder().decode(File<MACGroup>.self, from: TestData.wycheproof("hmac_sha256_test.json"))
        var fullTag = Tally()
        var truncatedTagRefused = 0
        var shortKeysRefused = 0
        for group in file.testGroups {
            for vector in group.tests {
                let secret = [UInt8](hex: vector.key)
                let message = [UInt8](hex: vector.msg)
                let tag = [UInt8](hex: vector.tag)
                let label = "hmac tcId \(vector.tcId) (\(vector.comment), key \(group.keySize) bits, tag \(group.tagSize) bits)"
                if secret.count < SignatureAlgorithm.hmacSecretBytesMin {
                    XCTAssertThrowsError(try VerificationKey(hmacSecret: secret, algorithm: .hmacSHA256)) {
                        XCTAssertEqual($0 as? KeyError, .hmacSecretTooShort(bytes: secret.count), label)
                    }
                    shortKeysRefused += 1
                }
                let key = try VerificationKey(uncheckedHMACSecret: secret, algorithm: .hmacSHA256)
                let verified = key.verify(message: message, signature: tag)
                if group.tagSize == 256 {
                    switch vector.result {
                    case "valid":
                        XCTAssertTrue(verified, "valid vector rejected: \(label)")
                        fullTag.valid += 1
                    case "invalid":
                        XCTAssertFalse(verified, "invalid vector accepted: \(label)")
                        fullTag.invalid += 1
                    default:
                        XCTFail("unexpected result \(vector.result): \(label)")
                    }
                } else {
                    XCTAssertFalse(verified, "truncated tag accepted: \(label)")
                    if vector.result == "valid" {
                        let computed = try XCTUnwrap(key.macTag(message))
                        XCTAssertEqual(Array(computed.prefix(tag.count)), tag, "MAC arithmetic: \(label)")
                    }
                    truncatedTagRefused += 1
                }
            }
        }
        XCTAssertEqual(fullTag, Tally(valid: 33, invalid: 54))
        XCTAssertEqual(truncatedTagRefused, 87)
        XCTAssertEqual(shortKeysRefused, 6)
        XCTAssertEqual(fullTag.total + truncatedTagRefused, file.numberOfTests)
        print("Wycheproof hmac_sha256_test.json: full-length tags \(fullTag); truncated tags refused \(truncatedTagRefused); 16-byte keys refused by public init \(shortKeysRefused)")
    }
}
