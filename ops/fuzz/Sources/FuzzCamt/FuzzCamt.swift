import Foundation
import FuzzSupport
import ReconCore

/// FUZZ_VERBOSE=1: print what each input gives (to check seeds still parse).
let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    exerciseStatementReader(Array(UnsafeBufferPointer(start: data, count: size)), fileName: "fuzz.xml") { bytes, name in
        do {
            let statements = try CamtReader.parse(Data(bytes), fileName: name)
            if verbose { print("ok: \(statements.count) statement(s), \(statements.map(\.lines.count).reduce(0, +)) line(s)") }
            return statements
        } catch {
            if verbose { print("error: \(error)") }
            throw error
        }
    }
    return 0
}
