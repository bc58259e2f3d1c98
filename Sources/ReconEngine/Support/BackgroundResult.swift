import Dispatch

/// A value worked out on another thread while the caller goes on;
/// ``value()`` waits for it.
final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    // Written once by the worker before it leaves `done`; read after waiting.
    private var result: Result<Value, Error>?
    private let done = DispatchGroup()

    init(_ work: @escaping @Sendable () throws -> Value) {
        done.enter()
        DispatchQueue.global().async { [self] in
            result = Result(catching: work)
            done.leave()
        }
    }

    func value() throws -> Value {
        done.wait()
        return try result!.get()
    }
}
