/// Settings scoped to the current transaction (`set_config(…, true)`).
public enum LocalSettings {
    /// How long the transaction's next lock waits may take before 55P03.
    public static func lockTimeout(milliseconds: Int) -> SQL {
        "select set_config('lock_timeout', \("\(max(milliseconds, 1))ms"), true)"
    }
}
