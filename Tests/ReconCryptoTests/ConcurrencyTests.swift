import Dispatch
import Synchronization
import XCTest

@testable import ReconCrypto

/// One key, many threads: recon verifies records in parallel against shared
/// keyring keys, so `verify` must give the same answers under contention.
final class ConcurrencyTests: XCTestCase {
    func testOneKeyVerifiesFromManyThreadsForEveryAlgorithm() throws {
        for algorithm in SignatureAlgorithm.allCases {
            let signer = try SigningKey.generate(algorithm)
            let key = try signer.verificationKey()
            let messages = (0..<16).map { Array("record \($0) for \(algorithm.rawValue)".utf8) }
            let signatures = try messages.map { try signer.sign($0) }
            let iterations = algorithm == .ecdsaP384SHA384 ? 200 : (algorithm.isHMAC ? 20_000 : 600)
            let wrongAnswers = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: iterations) { index in
                let pick = index % messages.count
                let good = key.verify(message: messages[pick], signature: signatures[pick])
                // A neighbour's signature must fail: catches state leaking between calls.
                let bad = key.verify(message: messages[pick], signature: signatures[(pick + 1) % messages.count])
                if !good || bad { wrongAnswers.add(1, ordering: .relaxed) }
            }
            XCTAssertEqual(wrongAnswers.load(ordering: .relaxed), 0, algorithm.rawValue)
        }
    }

    /// More threads than pooled HMAC contexts: the busy-pool fallback
    /// (duplicating the keyed template) must give the same answers, and a
    /// pool with no slots at all must still work.
    func testHMACPoolFallbackUnderContention() throws {
        let secret = [UInt8](repeating: 0x42, count: 32)
        let message = Array("fallback".utf8)
        let expected = try SigningKey(hmacSecret: secret, algorithm: .hmacSHA256).sign(message)
        for slotCount in [0, 1] {
            let pool = try HMACContextPool(secret: secret, digestName: "SHA256", tagLength: 32, slotCount: slotCount)
            let wrongAnswers = Atomic<Int>(0)
            let threads = 8
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                for round in 0..<5_000 {
                    let ok = message.withUnsafeBytes { message in
                        expected.withUnsafeBytes { tag in pool.verify(message: message, tag: tag) }
                    }
                    var wrong = expected
                    wrong[round % 32] ^= 1
                    let bad = message.withUnsafeBytes { message in
                        wrong.withUnsafeBytes { tag in pool.verify(message: message, tag: tag) }
                    }
                    if !ok || bad { wrongAnswers.add(1, ordering: .relaxed) }
                }
            }
            XCTAssertEqual(wrongAnswers.load(ordering: .relaxed), 0, "slots: \(slotCount)")
        }
    }
}
