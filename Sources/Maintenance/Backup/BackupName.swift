public import Foundation

/// Backup folder names: the UTC time they were taken, `2026-11-26T033000Z`, optionally with a
/// `-2` suffix. They sort in time order; anything else in the backups folder is not ours.
public enum BackupName {
    static func format(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d%02d%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// The time a backup folder's name says it was taken; nil for any other name.
    static func date(of name: String) -> Date? {
        let base = name.split(separator: "-", maxSplits: 3).prefix(3).joined(separator: "-")
        let digits = base.filter(\.isNumber)
        guard base.count == 18, base.hasSuffix("Z"), digits.count == 14 else { return nil }
        let value = Array(digits)
        func number(_ range: Range<Int>) -> Int { Int(String(value[range])) ?? -1 }
        let components = DateComponents(year: number(0..<4), month: number(4..<6), day: number(6..<8),
                                        hour: number(8..<10), minute: number(10..<12), second: number(12..<14))
        guard let date = utc.date(from: components), format(date) == base else { return nil }
        return date
    }

    /// When the newest backup in `folder` was taken; nil when there is none.
    public static func newest(in folder: URL) -> Date? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap(date(of:)).max()
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        return calendar
    }()
}
