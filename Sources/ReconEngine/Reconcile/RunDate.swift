import Foundation
import ReconCore

/// The run date D (SPEC §1): given, or yesterday in the job's time zone.
public enum RunDate {
    /// `date`, or yesterday in the zone when none was given.
    public static func orYesterday(_ date: CivilDate?, timeZone identifier: String, now: Date = Date()) -> CivilDate {
        date ?? yesterday(timeZone: identifier, now: now)
    }

    public static func resolve(_ text: String?, timeZone identifier: String, now: Date = Date()) throws -> CivilDate {
        guard let text else { return yesterday(timeZone: identifier, now: now) }
        guard let date = CivilDate(iso: text) else {
            throw ConfigurationError(file: "--date", "'\(text)' is not a date YYYY-MM-DD")
        }
        return date
    }

    static func yesterday(timeZone identifier: String, now: Date) -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
        let today = calendar.dateComponents([.year, .month, .day], from: now)
        let date = CivilDate(year: today.year!, month: today.month!, day: today.day!)!
        return date.adding(days: -1)!
    }
}
