/// Settings scoped to the current transaction (`set_config(…, true)`).
public enum LocalSettings {
    /// How long the transaction's next lock waits may take before 55P03.
    public static func lockTimeout(milliseconds: Int) -> SQL {
        "select set_config('lock_timeout', \("\(max(milliseconds, 1))ms"), true)"
    }

    /// Random reads priced near sequential ones, as they are on a cached
    /// database on SSDs. A night joins a few thousand keys of tonight
    /// against millions of groups; at the default price (4) the planner
    /// scans every group of the source into a hash rather than probing the
    /// key index 2,000 times (90 ms against 25 ms at 100,000 groups, and
    /// the scan grows with history).
    public static let preferIndexProbes: SQL = "select set_config('random_page_cost', '1.1', true)"
}
