#if canImport(Glibc)
    import Glibc
#endif

// SwiftPM links an executable target with `main` aliased to the module's own
// entry point, so libFuzzer's `main` is never used; hand control to libFuzzer's
// driver instead, with the same callback it would call (each target's `fuzz`,
// exported as LLVMFuzzerTestOneInput).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// Runs libFuzzer's driver with this process's arguments and exits with its status.
public func runLibFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
}
