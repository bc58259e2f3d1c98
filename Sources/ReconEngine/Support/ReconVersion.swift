/// recon's version, printed by `--version` and recorded in report manifests.
public enum ReconVersion {
    public static let current = "0.1.0"
}
