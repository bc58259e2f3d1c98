#if canImport(Glibc)
    import Glibc
#endif

import ReconCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let statements = try BAI2Reader.parse(bytes, fileName: "fuzz.bai2")
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
    }
    _ = StatementFormat.detect(data: bytes, fileName: "fuzz.bai2")
    return 0
}
