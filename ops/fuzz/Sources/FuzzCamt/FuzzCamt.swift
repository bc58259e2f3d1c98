import Foundation
import ReconCore

/// FUZZ_VERBOSE=1: print what each input gives (to check seeds still parse).
let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    do {
        let statements = try CamtReader.parse(bytes, fileName: "fuzz.xml")
        if verbose { print("ok: \(statements.count) statement(s), \(statements.map(\.lines.count).reduce(0, +)) line(s)") }
        _ = StatementPrinter.render(statements)
        for statement in statements {
            _ = BalanceCheck.check(statement)
            for line in statement.lines {
                _ = line.description.utf8.count + (line.reference?.utf8.count ?? 0)
                _ = line.bookingDate.description
            }
        }
    } catch {
        _ = error.description
        if verbose { print("error: \(error)") }
    }
    return 0
}
