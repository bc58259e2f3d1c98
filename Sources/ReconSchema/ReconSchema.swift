/// recon's migrations, compiled in. `sql` beside this file is a link to the
/// package's `sql/` folder, so its files are this target's files: SwiftPM
/// notices one added or removed there (on any branch) and runs the
/// EmbedMigrations plugin again, which writes `embeddedMigrationFiles`.
public enum ReconSchema {
    /// Every `sql/NNN_*.sql` at build time, by file name, with its exact text.
    public static var files: [(name: String, text: String)] { embeddedMigrationFiles }
}
