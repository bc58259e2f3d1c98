import Logging
import ReconCore
import ReconEngine

/// Loads a job and its keyring, both validated before the database is touched
/// (SPEC §3.2: a bad keyring stops the run first).
struct LoadedJob {
    let job: JobFile
    let keyring: Keyring

    init(path: String, logger: Logger) throws {
        job = try JobFile.load(path: path)
        keyring = try Keyring.load(path: job.keyringPath)
        for warning in keyring.warnings { logger.warning("\(warning)") }
    }
}

extension LoadedJob {
    func ingestor(_ common: CommonOptions, logger: Logger) -> Ingestor {
        Ingestor(job: job, keyring: keyring, database: common.database, logger: logger, progress: common.progress)
    }

    func runner(_ common: CommonOptions, logger: Logger) -> JobRunner {
        JobRunner(job: job, keyring: keyring, database: common.database, logger: logger, progress: common.progress)
    }
}
