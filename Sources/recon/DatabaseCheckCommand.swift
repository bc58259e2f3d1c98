import ArgumentParser
import Foundation
import ReconEngine

/// `recon db check`: the maintained state recomputed from the raw rows.
struct DatabaseCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Recompute settlement groups and open bank lines from the raw rows; list every difference (exit 1).")

    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReportingErrors {
            let differences = try DriftCheck(database: common.database).run()
            for difference in differences { print(difference) }
            if differences.isEmpty {
                print("ok: settlement groups, their claims and the open bank lines agree with the raw rows")
                return .success
            }
            print("\(differences.count) difference(s): see ops/RUNBOOK.md, \"Drift\"")
            return .completedWithProblems
        }
    }
}
