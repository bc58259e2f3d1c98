import ReconStore

/// `recon db status` as text: one line per migration, then a verdict.
enum MigrationStatusText {
    static func lines(_ status: Migrator.Status) -> [String] {
        let width = (status.applied.map(\.version) + status.pending.map(\.version)).map(\.count).max() ?? 0
        func pad(_ version: String) -> String { version.padding(toLength: width, withPad: " ", startingAt: 0) }
        var lines: [String] = []
        for applied in status.applied {
            switch applied.state {
            case .unchanged:
                lines.append("applied  \(pad(applied.version))  \(applied.appliedAt)")
            case .edited:
                lines.append("EDITED   \(pad(applied.version))  \(applied.appliedAt)  recon's file differs from what was applied")
            case .unknown:
                lines.append("applied  \(pad(applied.version))  \(applied.appliedAt)  (by a newer recon; not in this one)")
            }
        }
        for pending in status.pending { lines.append("pending  \(pad(pending.version))") }
        let edited = status.applied.filter { $0.state == .edited }.map(\.version)
        if !edited.isEmpty {
            lines.append("edited after they were applied: \(edited.joined(separator: ", ")); migrations are forward-only: restore the files")
        }
        if status.pending.isEmpty {
            if edited.isEmpty { lines.append("up to date: \(status.applied.count) applied, none pending") }
        } else {
            lines.append("\(status.pending.count) pending: run `recon db migrate`")
        }
        return lines
    }
}
