import XCTest

@testable import ReconCore

/// Generated groups and lines covering every rule: most lines pay their group
/// by reference, some by description token, some split, some carry no
/// reference (amount and date), some are wrong, duplicated or stray. Amounts
/// are drawn from a small set so amount buckets collide, as real payouts do.
enum RandomReconcileData {
    static func input<Generator: RandomNumberGenerator>(groupCount: Int, using generator: inout Generator)
        -> ReconcileInput
    {
        let euro = Currency(code: "EUR")!
        let dollar = Currency(code: "USD")!
        let runDate = ReconcileNotation.date("06-30")
        var groups: [SettlementGroup] = []
        var lines: [OpenBankLine] = []
        groups.reserveCapacity(groupCount)
        lines.reserveCapacity(groupCount + groupCount / 8)
        func addLine(_ amount: Int64, _ currency: Currency, _ day: CivilDate, reference: String?, description: String) {
            let id = Int64(lines.count + 1)
            let line = BankLine(
                account: "DE01", bookingDate: day, valueDate: nil, amount: amount, currency: currency,
                reference: reference, description: description, bankTransactionID: "B\(id)", sourceLine: Int(id))
            lines.append(OpenBankLine(bankLineID: id, line: line))
        }
        for number in 0..<groupCount {
            let currency = number % 10 == 0 ? dollar : euro
            let reference = "PO-\(number)"
            let net = Int64(Int.random(in: 1...400, using: &generator)) * 250
            let settlement = runDate.adding(days: -Int.random(in: 0...60, using: &generator))!
            groups.append(
                SettlementGroup(
                    key: .init(merchantID: "m\(number % 7)", settlementRef: reference, currency: currency.code),
                    currency: currency, net: net, settlementDate: settlement, transactionCount: 1))
            let booking = settlement.adding(days: Int.random(in: -2...2, using: &generator))!
            switch Int.random(in: 0..<100, using: &generator) {
            case 0..<45: addLine(net, currency, booking, reference: reference, description: "payout")
            case 45..<60: addLine(net, currency, booking, reference: nil, description: "SEPA \(reference), thanks")
            case 60..<68:
                addLine(net - 250, currency, booking, reference: reference, description: "part 1")
                addLine(250, currency, booking, reference: nil, description: "part 2 of \(reference)")
            case 68..<80: addLine(net, currency, booking, reference: nil, description: "credit")
            case 80..<82: addLine(net + 1, currency, booking, reference: reference, description: "")
            case 82..<84: addLine(net + 300, currency, booking, reference: reference, description: "")
            case 84..<87:
                addLine(net, currency, booking, reference: reference, description: "")
                addLine(net, currency, booking.adding(days: 1)!, reference: reference, description: "again")
            case 87..<89: addLine(net, currency, booking.adding(days: 9)!, reference: reference, description: "late")
            case 89..<91: addLine(net, currency == euro ? dollar : euro, booking, reference: reference, description: "")
            case 91..<95: addLine(Int64(Int.random(in: 1...400, using: &generator)) * 250, currency, booking, reference: nil, description: "unknown")
            case 95..<98:
                // One line pays this group and a second one (many-to-one),
                // by reference or description, sometimes for the wrong sum.
                let partner = "\(reference)-B"
                let partnerNet = Int64(Int.random(in: 1...400, using: &generator)) * 250
                groups.append(
                    SettlementGroup(
                        key: .init(merchantID: "m\(number % 5)", settlementRef: partner, currency: currency.code),
                        currency: currency, net: partnerNet, settlementDate: settlement, transactionCount: 2))
                let sum = net + partnerNet + (Bool.random(using: &generator) ? 0 : 500)
                if Bool.random(using: &generator) {
                    addLine(sum, currency, booking, reference: "\(reference);\(partner)", description: "")
                } else {
                    addLine(sum, currency, booking, reference: nil, description: "payouts \(partner) and \(reference)")
                }
            default: break
            }
        }
        // Tolerance in one currency only: EUR's net + 1 cent is matched,
        // USD's is a mismatch.
        return ReconcileInput(
            runDate: runDate, windowDays: 3, groups: groups, bankLines: lines, amountTolerance: ["EUR": 2])
    }
}
