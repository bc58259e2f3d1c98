import ArgumentParser
import ReconEngine

/// `recon doctor JOB.yaml` (SPEC §7): one line per check, `ok` or what to
/// do; exit 0, else the code of the first failure.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Check a deployment (database, migrations, job, keyring, folders, lock); say what to fix.")

    @Argument(help: "Job file (YAML).") var jobFile: String
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReportingErrors {
            _ = common.makeLogger()
            let checks = Doctor(jobPath: jobFile, database: common.database).run()
            let width = checks.map(\.name.count).max() ?? 0
            for check in checks {
                let name = check.name.padding(toLength: width, withPad: " ", startingAt: 0)
                print("\(name)  \(check.failure == nil ? "ok  " : "FAIL")  \(check.text)")
            }
            return Doctor.exitStatus(checks)
        }
    }
}
