import Foundation
import ReconEngine

/// `--format` of list commands (SPEC §7): table on a terminal, csv otherwise.
enum ListFormat: String, CaseIterable {
    case table, csv, json

    static var standard: ListFormat { isatty(STDOUT_FILENO) == 1 ? .table : .csv }
}

/// What list and change commands need to know about where they run.
enum Terminal {
    /// Columns of the terminal on stdout, else `$COLUMNS`, else 120.
    static var width: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 120
    }

    /// Who runs the command, for the audit log's default `--by`.
    static var loginName: String {
        if let name = getlogin() { return String(cString: name) }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    /// Prints a refusal on stderr and gives the exit status: nothing changed.
    static func refuse(_ error: any Error, status: ExitStatus) -> ExitStatus {
        FileHandle.standardError.write(Data("recon: \(error)\n".utf8))
        return status
    }
}
