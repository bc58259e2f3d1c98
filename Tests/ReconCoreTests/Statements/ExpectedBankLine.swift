import Foundation
import XCTest

@testable import ReconCore

/// A bank line as a third-party parser's expected output describes it,
/// mapped onto recon's fields. Nil fields are not compared.
struct ExpectedBankLine {
    var valueDate: CivilDate?
    var bookingDate: CivilDate?
    /// Signed minor units; for reversals only the magnitude is compared
    /// (see ``magnitudeOnly``).
    var amount: Int64
    /// Both oracles label reversals by their own convention (wolph signs RC
    /// positive, mt940-rs calls RC "ReverseDebit"); recon follows SPEC §4
    /// (RC is money out), which the balanced betterplace statements confirm.
    var magnitudeOnly = false
    var reference: String??
    var bankTransactionID: String??
    /// Compared after ``normalizedText`` on both sides.
    var description: String?

    /// Differences, one message each; empty when the line agrees.
    func differences(from line: BankLine) -> [String] {
        var problems: [String] = []
        if let valueDate, line.valueDate != valueDate {
            problems.append("value date \(line.valueDate.map(\.description) ?? "nil") != expected \(valueDate)")
        }
        if let bookingDate, line.bookingDate != bookingDate {
            problems.append("booking date \(line.bookingDate) != expected \(bookingDate)")
        }
        let actualAmount = magnitudeOnly ? line.amount.magnitude : UInt64(bitPattern: line.amount)
        let expectedAmount = magnitudeOnly ? amount.magnitude : UInt64(bitPattern: amount)
        if actualAmount != expectedAmount {
            problems.append("amount \(line.amount) != expected \(amount)\(magnitudeOnly ? " (magnitude)" : "")")
        }
        if let reference, line.reference != reference {
            problems.append("reference \(line.reference ?? "nil") != expected \(reference ?? "nil")")
        }
        if let bankTransactionID, line.bankTransactionID != bankTransactionID {
            problems.append("bank id \(line.bankTransactionID ?? "nil") != expected \(bankTransactionID ?? "nil")")
        }
        if let description,
            ExpectedBankLine.normalizedText(line.description) != ExpectedBankLine.normalizedText(description)
        {
            problems.append("description '\(line.description)' != expected '\(description)'")
        }
        return problems
    }

    /// Line wraps and space runs become one space; accents are dropped and
    /// every character outside the SWIFT X set becomes `.`, because the
    /// oracles disagree there (mt940-rs transliterates and writes `.`, even
    /// for an apostrophe; wolph
    /// keeps the Latin-1 character, recon keeps what the bank sent).
    static func normalizedText(_ text: String) -> String {
        let swiftX = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,+".unicodeScalars)
        var result = ""
        var pendingSpace = false
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar == " " || scalar == "\n" || scalar == "\r" {
                pendingSpace = true
                continue
            }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if pendingSpace && !result.isEmpty { result += " " }
            pendingSpace = false
            result.unicodeScalars.append(swiftX.contains(scalar) ? scalar : ".")
        }
        return result
    }
}

/// Compares recon's lines (all statements of a file, in order) with the oracle's.
func compareLines(
    _ actual: [BankLine], _ expected: [ExpectedBankLine], file: String
) -> [String] {
    var problems: [String] = []
    if actual.count != expected.count {
        problems.append("\(file): \(actual.count) lines, expected \(expected.count)")
    }
    for (index, pair) in zip(actual, expected).enumerated() {
        for problem in pair.1.differences(from: pair.0) {
            problems.append("\(file) line #\(index + 1) (source line \(pair.0.sourceLine)): \(problem)")
        }
    }
    return problems
}

/// Expected amounts are decimal text; parse them exactly, never via Double.
func minorUnits(_ decimalText: String, digits: Int) -> Int64? {
    var text = decimalText
    if text.hasPrefix("+") { text.removeFirst() }
    return MinorUnits.parse(text, digits: digits)
}
