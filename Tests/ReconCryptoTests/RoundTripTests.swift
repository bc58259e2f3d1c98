import XCTest

@testable import ReconCrypto

/// sign → verify with freshly generated keys, for every algorithm, and the
/// ways a signature must stop verifying.
final class RoundTripTests: XCTestCase {
    let message = Array(#"{"amount":"12.34","currency":"EUR","txn_id":"t-1"}"#.utf8)

    func testEveryAlgorithmRoundTripsAndRejectsTampering() throws {
        for algorithm in SignatureAlgorithm.allCases {
            let signer = try SigningKey.generate(algorithm)
            let key = try signer.verificationKey()
            let signature = try signer.sign(message)
            let name = algorithm.rawValue

            XCTAssertTrue(key.verify(message: message, signature: signature), name)
            XCTAssertTrue(key.verify(message: [], signature: try signer.sign([])), "\(name) empty message")

            var changedMessage = message
            changedMessage[changedMessage.count / 2] ^= 0x01
            XCTAssertFalse(key.verify(message: changedMessage, signature: signature), "\(name) changed message")
            XCTAssertFalse(key.verify(message: message + [0x20], signature: signature), "\(name) appended byte")

            for position in [0, signature.count / 2, signature.count - 1] {
                var changedSignature = signature
                changedSignature[position] ^= 0x80
                XCTAssertFalse(key.verify(message: message, signature: changedSignature), "\(name) bit flip at \(position)")
            }
            XCTAssertFalse(key.verify(message: message, signature: Array(signature.dropLast())), "\(name) truncated")
            XCTAssertFalse(key.verify(message: message, signature: signature + [0]), "\(name) extended")
            XCTAssertFalse(key.verify(message: message, signature: []), "\(name) empty signature")

            let otherKey = try SigningKey.generate(algorithm).verificationKey()
            XCTAssertFalse(otherKey.verify(message: message, signature: signature), "\(name) wrong key")
        }
    }

    func testSignatureLengthsMatchTheSpec() throws {
        XCTAssertEqual(try SigningKey.generate(.hmacSHA256).sign(message).count, 32)
        XCTAssertEqual(try SigningKey.generate(.hmacSHA512).sign(message).count, 64)
        XCTAssertEqual(try SigningKey.generate(.ed25519).sign(message).count, 64)
        XCTAssertEqual(try SigningKey.generate(.rsaPSSSHA256).sign(message).count, 256)
        XCTAssertEqual(try SigningKey.generate(.rsaPKCS1SHA256).sign(message).count, 256)
        let der = try SigningKey.generate(.ecdsaP256SHA256).sign(message)
        XCTAssertEqual(der.first, 0x30, "ECDSA signatures are DER SEQUENCEs")
        XCTAssertLessThanOrEqual(der.count, 72)
    }

    func testHMACVariantsDoNotCrossVerify() throws {
        let secret = try SigningKey.generate(.hmacSHA512).hmacSecret!
        let sha256 = try SigningKey(hmacSecret: secret, algorithm: .hmacSHA256)
        let sha512Key = try VerificationKey(hmacSecret: secret, algorithm: .hmacSHA512)
        XCTAssertFalse(sha512Key.verify(message: message, signature: try sha256.sign(message)))
    }

    func testRSAPaddingsDoNotCrossVerify() throws {
        let pss = try SigningKey.generate(.rsaPSSSHA256)
        let pkcs1 = try SigningKey(privateKeyPEM: pss.privateKeyPEM!, algorithm: .rsaPKCS1SHA256)
        let pssKey = try pss.verificationKey()
        let pkcs1Key = try pkcs1.verificationKey()
        XCTAssertFalse(pssKey.verify(message: message, signature: try pkcs1.sign(message)))
        XCTAssertFalse(pkcs1Key.verify(message: message, signature: try pss.sign(message)))
    }

    func testKeysSurvivePEMExport() throws {
        for algorithm in SignatureAlgorithm.allCases where !algorithm.isHMAC {
            let original = try SigningKey.generate(algorithm)
            let privatePEM = try XCTUnwrap(original.privateKeyPEM)
            XCTAssertTrue(String(decoding: privatePEM, as: UTF8.self).hasPrefix("-----BEGIN PRIVATE KEY-----"))
            let publicPEM = try XCTUnwrap(original.publicKeyPEM)
            XCTAssertTrue(String(decoding: publicPEM, as: UTF8.self).hasPrefix("-----BEGIN PUBLIC KEY-----"))
            let reloaded = try SigningKey(privateKeyPEM: privatePEM, algorithm: algorithm)
            let key = try VerificationKey(publicKeyPEM: publicPEM, algorithm: algorithm)
            XCTAssertTrue(key.verify(message: message, signature: try reloaded.sign(message)), algorithm.rawValue)
            XCTAssertNil(original.hmacSecret)
        }
        let hmac = try SigningKey.generate(.hmacSHA256)
        XCTAssertNil(hmac.publicKeyPEM)
        XCTAssertNil(hmac.privateKeyPEM)
        XCTAssertEqual(hmac.hmacSecret?.count, 32)
    }

    func testCertificatePEMGivesItsPublicKey() throws {
        let signer = try SigningKey(privateKeyPEM: Array(Fixtures.certificateKeyPEM.utf8), algorithm: .ecdsaP256SHA256)
        let key = try VerificationKey(publicKeyPEM: Array(Fixtures.certificatePEM.utf8), algorithm: .ecdsaP256SHA256)
        XCTAssertTrue(key.verify(message: message, signature: try signer.sign(message)))
        XCTAssertEqual(key.description, "VerificationKey(ecdsa-p256-sha256, EC P-256)")
    }

    func testUnsafeBufferOverloadAgreesWithArrays() throws {
        let signer = try SigningKey.generate(.hmacSHA256)
        let key = try signer.verificationKey()
        let signature = try signer.sign(message)
        message.withUnsafeBytes { message in
            signature.withUnsafeBytes { signature in
                XCTAssertTrue(key.verify(message: message, signature: signature))
            }
            XCTAssertTrue(key.verify(message: message, signature: signature))
        }
    }
}

enum Fixtures {
    /// Self-signed P-256 certificate (CN=recon test signer), made with
    /// `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -days 36500`.
    static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBjzCCATWgAwIBAgIUCFtP8eypZCr117CSfzMH/AWURZowCgYIKoZIzj0EAwIw
        HDEaMBgGA1UEAwwRcmVjb24gdGVzdCBzaWduZXIwIBcNMjYxMTI5MDA1NDE3WhgP
        MjEyNjExMDUwMDU0MTdaMBwxGjAYBgNVBAMMEXJlY29uIHRlc3Qgc2lnbmVyMFkw
        EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFWjhNKhVtxn7TbEtnHFb4qv5fnbj5kxn
        wBtUBleVHXSN5I7IczFZd8NT1F7p9ptqQevLANLrA7QAS6dIGxgDbqNTMFEwHQYD
        VR0OBBYEFFKrYhF1uSFHx/SbL5yxqjC8kIOYMB8GA1UdIwQYMBaAFFKrYhF1uSFH
        x/SbL5yxqjC8kIOYMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIh
        AJxGgY+i4XSB0j/kWmxFYXvO8RBoCeJsf5xJ0kqVTSa7AiBodXNdelWaZB9bwsaL
        UOLR/PjEz+2c55WzQoJsABDDtA==
        -----END CERTIFICATE-----

        """

    /// The certificate's private key (test-only, PKCS#8).
    static let certificateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgD+kDNAFcMgrs80GZ
        cHnzkSApa4aZicVdg1BMerInVi+hRANCAAQVaOE0qFW3GftNsS2ccVviq/l+duPm
        TGfAG1QGV5UddI3kjshzMVl3w1PUXun2m2pB68sA0usDtABLp0gbGANu
        -----END PRIVATE KEY-----

        """
}
