import ArgumentParser
import Foundation
import ReconEngine

/// `recon db check`: the maintained state recomputed from the raw rows.
struct DatabaseCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Recompute settlement groups, open bank lines and the batch chain from the raw rows; list every difference (exit 1).")

    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReportingErrors {
            let check = DriftCheck(database: common.database)
            let differences = try check.run()
            for difference in differences { print(difference) }
            if differences.isEmpty {
                print("ok: settlement groups, their claims and the open bank lines agree with the raw rows")
                print("ok: every settled row matches its batch's chain link and every link the one before it")
                for head in try check.chainHeads() {
                    // Written down elsewhere, a head shows a removed tail (README "Tamper evidence").
                    print("chain head: source \(head.source), link #\(head.position), batch \(head.batchID), \(head.digest)")
                }
                return .success
            }
            print("\(differences.count) difference(s): see ops/RUNBOOK.md, \"Drift\"")
            return .completedWithProblems
        }
    }
}
