import Foundation

/// A one-line progress display on stderr for long work: files, records,
/// records per second and ETA. Only on a terminal and not with `--quiet`:
/// cron mail and log files get no carriage-return noise.
public final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private var fileCount = 0
    private var filesDone = 0
    private var records: Int64 = 0
    private var started = Date()
    private var lastDraw = Date.distantPast

    public static func forStandardError(quiet: Bool) -> ProgressReporter? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return ProgressReporter()
    }

    func begin(files: Int) {
        lock.withLock {
            fileCount = files
            filesDone = 0
            records = 0
            started = Date()
        }
    }

    func addRecords(_ count: Int) {
        let line: String? = lock.withLock {
            records += Int64(count)
            let now = Date()
            guard now.timeIntervalSince(lastDraw) > 0.2 else { return nil }
            lastDraw = now
            return render(now: now)
        }
        if let line { FileHandle.standardError.write(Data(("\r" + line).utf8)) }
    }

    func finishFile() {
        lock.withLock { filesDone += 1 }
    }

    func end() {
        let line = lock.withLock { render(now: Date()) }
        FileHandle.standardError.write(Data(("\r" + line + "\n").utf8))
    }

    private func render(now: Date) -> String {
        let seconds = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(records) / seconds
        var eta = ""
        if filesDone > 0 && fileCount > filesDone {
            let remaining = seconds / Double(filesDone) * Double(fileCount - filesDone)
            eta = String(format: " ETA %.0fs", remaining)
        }
        let width = 20
        let filled = fileCount == 0 ? width : width * filesDone / fileCount
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return String(format: "[%@] files %d/%d  records %lld  %.0f/s%@   ", bar, filesDone, fileCount, records, rate, eta)
    }
}
