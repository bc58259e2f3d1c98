import Foundation
import XCTest

@testable import ReconCore

/// `reconcile.amount_tolerance` (SPEC §5.7, §8): read per currency in minor
/// units; anything wrong is a ConfigurationError (exit 78) naming the key.
final class JobFileToleranceTests: XCTestCase {
    private func load(_ reconcile: String) throws(ConfigurationError) -> JobFile {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tolerance-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("job.yaml").path
        let text = """
            name: nightly
            source: acme-psp
            transactions: { path: inbox }
            keyring: keyring.yaml
            reconcile: \(reconcile)

            """
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return try JobFile.load(path: path)
    }

    private func refusal(_ reconcile: String) -> String {
        do {
            _ = try load(reconcile)
            return "accepted"
        } catch {
            return error.description
        }
    }

    func testReadsMinorUnitsPerCurrency() throws {
        let job = try load(#"{ window_days: 2, amount_tolerance: { EUR: "0.05", JPY: "3", BHD: 0.001, USD: "0" } }"#)
        XCTAssertEqual(job.amountTolerance, ["EUR": 5, "JPY": 3, "BHD": 1, "USD": 0])
        XCTAssertEqual(job.windowDays, 2)
        XCTAssertEqual(try load("{ window_days: 2 }").amountTolerance, [:], "default: exact")
    }

    func testRefusesWhatCannotBeMeant() {
        let unknown = refusal(#"{ amount_tolerance: { EUX: "0.05" } }"#)
        XCTAssertTrue(unknown.contains("job.yaml:5: reconcile.amount_tolerance.EUX"), unknown)
        XCTAssertTrue(unknown.contains("not a known ISO 4217"), unknown)
        let precise = refusal(#"{ amount_tolerance: { EUR: "0.005" } }"#)
        XCTAssertTrue(precise.contains("reconcile.amount_tolerance.EUR '0.005' has 3 fraction digits, more than EUR's 2"), precise)
        let yen = refusal(#"{ amount_tolerance: { JPY: "0.5" } }"#)
        XCTAssertTrue(yen.contains("more than JPY's 0"), yen)
        XCTAssertTrue(yen.contains(#"write it like "5""#), yen)
        let negative = refusal(#"{ amount_tolerance: { EUR: "-0.05" } }"#)
        XCTAssertTrue(negative.contains("reconcile.amount_tolerance.EUR is '-0.05', a negative amount"), negative)
        let text = refusal(#"{ amount_tolerance: { EUR: "five cents" } }"#)
        XCTAssertTrue(text.contains("'five cents' is not a decimal amount"), text)
        let typo = refusal(#"{ amount_tolerence: { EUR: "0.05" } }"#)
        XCTAssertTrue(typo.contains("unknown setting reconcile.amount_tolerence"), typo)
        let list = refusal(#"{ amount_tolerance: ["0.05"] }"#)
        XCTAssertTrue(list.contains("reconcile.amount_tolerance must be a mapping"), list)
    }
}
