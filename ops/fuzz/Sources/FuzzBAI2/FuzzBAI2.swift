import FuzzSupport
import ReconCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    exerciseStatementReader(Array(UnsafeBufferPointer(start: data, count: size)), fileName: "fuzz.bai2") {
        try BAI2Reader.parse($0, fileName: $1)
    }
    return 0
}
