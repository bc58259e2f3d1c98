import ArgumentParser
import ReconEngine

/// `--wait-lock DURATION` (`30s`, `2m`, `500ms`, bare seconds): wait that long
/// for the job lock, then exit 75 naming who holds it.
struct LockWaitArgument: ExpressibleByArgument {
    let wait: LockWait

    init?(argument: String) {
        guard let wait = LockWait(duration: argument) else { return nil }
        self.wait = wait
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
