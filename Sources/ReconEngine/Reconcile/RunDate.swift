import Foundation
import ReconCore

/// The run date D (SPEC §1): given, or yesterday in the job's time zone.
public enum RunDate {
    public static func resolve(_ text: String?, timeZone identifier: String, now: Date = Date()) throws -> CivilDate {
        if let text {
            guard let date = CivilDate(iso: text) else {
                throw ConfigurationError(file: "--date", "'\(text)' is not a date YYYY-MM-DD")
            }
            return date
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
        let today = calendar.dateComponents([.year, .month, .day], from: now)
        let date = CivilDate(year: today.year!, month: today.month!, day: today.day!)!
        return date.adding(days: -1)!
    }
}
