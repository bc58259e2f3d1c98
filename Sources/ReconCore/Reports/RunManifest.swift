/// What a run read, so a report can be tied to its exact inputs (SPEC §6):
/// the recon version and the SHA-256 of the job file, the keyring and every
/// input file used.
public struct RunManifest: Sendable, Equatable {
    public struct FileDigest: Sendable, Equatable {
        /// The file's name or path as the job names it; never its contents.
        public var name: String
        /// Lowercase hex SHA-256 of the file's bytes.
        public var sha256: String

        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }

    public var reconVersion: String
    public var jobFile: FileDigest
    public var keyring: FileDigest
    public var transactionFiles: [FileDigest]
    public var bankStatementFiles: [FileDigest]

    public init(
        reconVersion: String, jobFile: FileDigest, keyring: FileDigest, transactionFiles: [FileDigest] = [],
        bankStatementFiles: [FileDigest] = []
    ) {
        self.reconVersion = reconVersion
        self.jobFile = jobFile
        self.keyring = keyring
        self.transactionFiles = transactionFiles
        self.bankStatementFiles = bankStatementFiles
    }
}
