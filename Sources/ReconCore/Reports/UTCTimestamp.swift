import Foundation

/// `YYYY-MM-DDThh:mm:ssZ` for a report's `generated_at`.
///
/// Computed from whole seconds with ``CivilDate`` rather than a
/// `DateFormatter`, so the text never depends on the machine's locale,
/// calendar or time zone.
enum UTCTimestamp {
    static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let day = CivilDate(daysSinceEpoch: days)?.description ?? "0000-00-00"
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let time = "\(twoDigits(secondOfDay / 3600)):\(twoDigits(secondOfDay / 60 % 60)):\(twoDigits(secondOfDay % 60))"
        return "\(day)T\(time)Z"
    }
}
