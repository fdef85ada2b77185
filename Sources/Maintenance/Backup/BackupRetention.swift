public import Foundation

/// Which backups to keep: the newest backup of each of the `daily` most recent days that have
/// one, and of each of the `weekly` most recent ISO weeks that have one. Pure; days and weeks are
/// those of `calendar` (its time zone).
public enum BackupRetention {
    static func keep(_ dates: [Date], daily: Int, weekly: Int, calendar: Calendar) -> Set<Date> {
        let newestFirst = dates.sorted(by: >)
        var kept: Set<Date> = []
        kept.formUnion(newestPer(newestFirst, limit: daily) { date in
            let day = calendar.dateComponents([.year, .month, .day], from: date)
            return "\(day.year ?? 0)-\(day.month ?? 0)-\(day.day ?? 0)"
        })
        var iso = Calendar(identifier: .iso8601)
        iso.timeZone = calendar.timeZone
        kept.formUnion(newestPer(newestFirst, limit: weekly) { date in
            let week = iso.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            return "\(week.yearForWeekOfYear ?? 0)-W\(week.weekOfYear ?? 0)"
        })
        return kept
    }

    private static func newestPer(_ newestFirst: [Date], limit: Int, period: (Date) -> String) -> [Date] {
        var seen: Set<String> = []
        var result: [Date] = []
        for date in newestFirst where seen.count < limit {
            if seen.insert(period(date)).inserted { result.append(date) }
        }
        return result
    }

    /// Deletes the backups in `folder` that `keep` does not keep, and temporary folders of
    /// backups that died more than an hour before `now`. Returns the names deleted.
    @discardableResult
    public static func prune(_ folder: URL, daily: Int, weekly: Int, calendar: Calendar, now: Date) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let dated = names.compactMap { name in BackupName.date(of: name).map { (name, $0) } }
        let kept = keep(dated.map(\.1), daily: daily, weekly: weekly, calendar: calendar)
        // Two backups in one second share a date: keep only the latest name for that date.
        var keptNames: [Date: String] = [:]
        for (name, date) in dated where kept.contains(date) {
            if let other = keptNames[date], other.count > name.count || (other.count == name.count && other > name) { continue }
            keptNames[date] = name
        }
        var deleted: [String] = []
        for (name, _) in dated where !keptNames.values.contains(name) {
            if (try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))) != nil { deleted.append(name) }
        }
        for name in names where name.hasPrefix(".tmp-") {
            let url = folder.appendingPathComponent(name)
            let modified = (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate ?? now
            if now.timeIntervalSince(modified) > 3600, (try? FileManager.default.removeItem(at: url)) != nil {
                deleted.append(name)
            }
        }
        return deleted.sorted()
    }
}
