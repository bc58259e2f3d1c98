import Foundation
import XCTest

@testable import ReconCrypto

/// Key material that does not fit its algorithm is refused at load time
/// (SPEC §3.2), with messages that never carry key bytes.
final class KeyValidationTests: XCTestCase {
    private func assertRefused(
        _ expected: KeyError, file: StaticString = #filePath, line: UInt = #line,
        _ body: () throws -> Any
    ) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual(error as? KeyError, expected, file: file, line: line)
        }
    }

    private func publicPEM(_ algorithm: SignatureAlgorithm) throws -> [UInt8] {
        try XCTUnwrap(SigningKey.generate(algorithm).publicKeyPEM)
    }

    func testRSA1024IsRefused() throws {
        let small = try SigningKey.generateRSAForTesting(bits: 1024, algorithm: .rsaPKCS1SHA256)
        let pem = try XCTUnwrap(small.publicKeyPEM)
        assertRefused(.rsaModulusTooSmall(bits: 1024)) { try VerificationKey(publicKeyPEM: pem, algorithm: .rsaPKCS1SHA256) }
        assertRefused(.rsaModulusTooSmall(bits: 1024)) { try VerificationKey(publicKeyPEM: pem, algorithm: .rsaPSSSHA256) }
        assertRefused(.rsaModulusTooSmall(bits: 1024)) {
            try SigningKey(privateKeyPEM: small.privateKeyPEM!, algorithm: .rsaPSSSHA256)
        }
    }

    func testWrongCurveIsRefused() throws {
        assertRefused(.wrongCurve(expected: "P-256", found: "P-384")) {
            try VerificationKey(publicKeyPEM: try self.publicPEM(.ecdsaP384SHA384), algorithm: .ecdsaP256SHA256)
        }
        assertRefused(.wrongCurve(expected: "P-384", found: "P-256")) {
            try VerificationKey(publicKeyPEM: try self.publicPEM(.ecdsaP256SHA256), algorithm: .ecdsaP384SHA384)
        }
    }

    func testWrongKeyTypeIsRefused() throws {
        let ed25519 = try publicPEM(.ed25519)
        assertRefused(.wrongKeyType(expected: "EC", found: "ED25519")) {
            try VerificationKey(publicKeyPEM: ed25519, algorithm: .ecdsaP256SHA256)
        }
        assertRefused(.wrongKeyType(expected: "RSA", found: "ED25519")) {
            try VerificationKey(publicKeyPEM: ed25519, algorithm: .rsaPSSSHA256)
        }
        assertRefused(.wrongKeyType(expected: "ED25519", found: "EC")) {
            try VerificationKey(publicKeyPEM: try self.publicPEM(.ecdsaP256SHA256), algorithm: .ed25519)
        }
        assertRefused(.wrongKeyType(expected: "EC", found: "RSA")) {
            try VerificationKey(publicKeyPEM: try self.publicPEM(.rsaPKCS1SHA256), algorithm: .ecdsaP384SHA384)
        }
    }

    func testHMACSecretLength() throws {
        assertRefused(.hmacSecretTooShort(bytes: 31)) {
            try VerificationKey(hmacSecret: [UInt8](repeating: 7, count: 31), algorithm: .hmacSHA256)
        }
        assertRefused(.hmacSecretTooShort(bytes: 0)) { try VerificationKey(hmacSecret: [], algorithm: .hmacSHA512) }
        XCTAssertNoThrow(try VerificationKey(hmacSecret: [UInt8](repeating: 7, count: 32), algorithm: .hmacSHA256))
        XCTAssertNoThrow(try VerificationKey(hmacSecret: [UInt8](repeating: 7, count: 200), algorithm: .hmacSHA512))
    }

    /// Algorithm confusion: a public key must never become an HMAC secret,
    /// neither as PEM text nor as the DER bytes inside it.
    func testPublicKeyAsHMACSecretIsRefused() throws {
        let pem = try publicPEM(.ecdsaP256SHA256)
        assertRefused(.hmacSecretLooksLikeKey) { try VerificationKey(hmacSecret: pem, algorithm: .hmacSHA256) }
        assertRefused(.hmacSecretLooksLikeKey) { try SigningKey(hmacSecret: pem, algorithm: .hmacSHA512) }
        let rsaPEM = try publicPEM(.rsaPKCS1SHA256)
        assertRefused(.hmacSecretLooksLikeKey) { try VerificationKey(hmacSecret: rsaPEM, algorithm: .hmacSHA256) }

        let body = String(decoding: pem, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try XCTUnwrap(Data(base64Encoded: body))
        assertRefused(.hmacSecretLooksLikeKey) { try VerificationKey(hmacSecret: Array(der), algorithm: .hmacSHA256) }

        let certificate = Array(Fixtures.certificatePEM.utf8)
        assertRefused(.hmacSecretLooksLikeKey) { try VerificationKey(hmacSecret: certificate, algorithm: .hmacSHA256) }
        // Private key text embedded in a longer blob is caught too.
        let embedded = Array("secret=".utf8) + Array(Fixtures.certificateKeyPEM.utf8)
        assertRefused(.hmacSecretLooksLikeKey) { try VerificationKey(hmacSecret: embedded, algorithm: .hmacSHA256) }
    }

    func testAlgorithmAndMaterialKindMustMatch() throws {
        let pem = try publicPEM(.ecdsaP256SHA256)
        for algorithm in SignatureAlgorithm.allCases where algorithm.isHMAC {
            assertRefused(.hmacAlgorithmNeedsSecret(algorithm)) { try VerificationKey(publicKeyPEM: pem, algorithm: algorithm) }
        }
        for algorithm in SignatureAlgorithm.allCases where !algorithm.isHMAC {
            assertRefused(.notAnHMACAlgorithm(algorithm)) {
                try VerificationKey(hmacSecret: [UInt8](repeating: 1, count: 64), algorithm: algorithm)
            }
        }
    }

    func testUnreadablePEMs() throws {
        let cases: [(String, [UInt8])] = [
            ("empty", []),
            ("garbage", Array("not a key".utf8)),
            ("private key", Array(Fixtures.certificateKeyPEM.utf8)),
            ("broken base64", Array("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n".utf8)),
        ]
        for (name, pem) in cases {
            XCTAssertThrowsError(try VerificationKey(publicKeyPEM: pem, algorithm: .ecdsaP256SHA256), name) { error in
                guard case .unreadablePEM = error as? KeyError else { return XCTFail("\(name): \(error)") }
            }
        }
        XCTAssertThrowsError(try SigningKey(privateKeyPEM: Array(Fixtures.certificatePEM.utf8), algorithm: .ecdsaP256SHA256))
    }

    /// Error text and descriptions show lengths and types, never secret bytes.
    func testMessagesAndDescriptionsNeverShowSecrets() throws {
        let shortSecret = Array("Zq9-very-secret-value-31-bytes!".utf8)
        XCTAssertEqual(shortSecret.count, 31)
        do {
            _ = try VerificationKey(hmacSecret: shortSecret, algorithm: .hmacSHA256)
            XCTFail("31-byte secret accepted")
        } catch {
            assertNoSecret(in: "\(error)", secret: shortSecret)
            XCTAssertTrue("\(error)".contains("31 bytes"))
        }

        let signer = try SigningKey.generate(.hmacSHA512)
        let secret = try XCTUnwrap(signer.hmacSecret)
        let key = try signer.verificationKey()
        XCTAssertEqual(key.description, "VerificationKey(hmac-sha512, 64-byte secret)")
        XCTAssertEqual(signer.description, "SigningKey(hmac-sha512, 64-byte secret)")
        var dumped = ""
        dump(signer, to: &dumped)
        for text in [key.description, key.debugDescription, signer.description, "\(signer)", String(reflecting: signer), dumped] {
            assertNoSecret(in: text, secret: secret)
        }
        let rsa = try SigningKey.generate(.rsaPSSSHA256).verificationKey()
        XCTAssertEqual(rsa.description, "VerificationKey(rsa-pss-sha256, RSA 2048 bits)")
        XCTAssertEqual(try SigningKey.generate(.ed25519).verificationKey().description, "VerificationKey(ed25519, ED25519)")
    }

    private func assertNoSecret(in text: String, secret: [UInt8], line: UInt = #line) {
        let forms = [Hex.encode(secret), Data(secret).base64EncodedString(), String(decoding: secret, as: UTF8.self)]
        for form in forms {
            XCTAssertFalse(text.contains(form), "secret leaked into: \(text)", line: line)
        }
        XCTAssertFalse(text.contains(Hex.encode(secret.prefix(8))), "secret prefix leaked into: \(text)", line: line)
    }
}

extension KeyValidationTests {
    /// OpenSSL would verify with e = 1 (every message is its own signature);
    /// recon refuses such keys, and even exponents, at load time.
    func testUnsafeRSAExponentsAreRefused() throws {
        let modulus = [0x00, 0xc3] + [UInt8](repeating: 0x5a, count: 254) + [0x01]  // 2048 bits, odd
        for (exponent, refused) in [([UInt8(0x01)], true), ([0x01, 0x00, 0x00], true), ([0x03], false), ([0x01, 0x00, 0x01], false)] {
            let der = Self.rsaSPKI(modulus: modulus, exponent: exponent)
            if refused {
                XCTAssertThrowsError(try VerificationKey(publicKeyDER: der, algorithm: .rsaPKCS1SHA256), "e=\(Hex.encode(exponent))") {
                    XCTAssertEqual($0 as? KeyError, .rsaExponentUnsafe)
                }
            } else {
                XCTAssertNoThrow(try VerificationKey(publicKeyDER: der, algorithm: .rsaPKCS1SHA256), "e=\(Hex.encode(exponent))")
            }
        }
    }

    /// DER SubjectPublicKeyInfo for rsaEncryption with the given integers.
    static func rsaSPKI(modulus: [UInt8], exponent: [UInt8]) -> [UInt8] {
        func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
            let count = content.count
            let length: [UInt8] =
                count < 0x80 ? [UInt8(count)]
                : count < 0x100 ? [0x81, UInt8(count)] : [0x82, UInt8(count >> 8), UInt8(count & 0xff)]
            return [tag] + length + content
        }
        let rsaEncryption: [UInt8] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]
        let publicKey = tlv(0x30, tlv(0x02, modulus) + tlv(0x02, exponent))
        return tlv(0x30, tlv(0x30, rsaEncryption) + tlv(0x03, [0x00] + publicKey))
    }
}
