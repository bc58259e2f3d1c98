import FuzzSupport
import ReconCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    MatchFuzzing.exercise(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
