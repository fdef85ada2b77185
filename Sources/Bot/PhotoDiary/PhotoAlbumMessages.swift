import Foundation

/// The one reply to an album: what was saved, what was already there or could not be taken,
/// and, when photos did not fit, one offer for all of them (`ph:ra` / `ph:ka` with the range of
/// their held tasks).
extension PhotoDiaryMessages {
    func albumReply(_ items: [AlbumItem], count: Int, max: Int, locale: String, privacyNote: Bool = false) -> OutboxAction {
        let saved = items.filter { $0.outcome.kind == .saved }
        let duplicates = items.filter { $0.outcome.kind == .duplicate }.count
        let refused = items.filter { $0.outcome.kind == .refused }.count
        let held = items.filter { $0.outcome.kind == .held }.map(\.taskID).sorted()
        var lines: [String] = []
        if let day = saved.map(\.outcome.day).max() {
            lines.append(text("photo_album_saved_\(Self.pluralCategory(saved.count, locale: locale))", locale, [
                "n": String(saved.count), "day": String(day), "count": String(count), "max": String(max)]))
        }
        if duplicates > 0 { lines.append(text("photo_album_duplicates", locale, ["n": String(duplicates)])) }
        if refused > 0 { lines.append(text("photo_album_refused", locale, ["n": String(refused)])) }
        if privacyNote { lines.append(text("photo_privacy_note", locale)) }
        var keyboard: [[Button]]? = saved.isEmpty ? nil : [[Button(text("photos_button_open", locale), "\(Self.prefix)g")]]
        if let first = held.first, let last = held.last {
            lines.append(text("photo_album_full", locale, ["max": String(max), "n": String(held.count)]))
            keyboard = [[Button(text("photo_album_replace_button", locale, ["n": String(held.count)]), "\(Self.prefix)ra:\(first):\(last)")],
                        [Button(text("photo_keep_button", locale), "\(Self.prefix)ka:\(first):\(last)")]]
        }
        return .message(text: lines.joined(separator: "\n\n"), keyboard: keyboard)
    }

    /// The plural form key suffix: Russian one/few/many (1 фото сохранено, 3 фото сохранены,
    /// 5 фото сохранено); English uses one and many (every locale has the same keys).
    static func pluralCategory(_ n: Int, locale: String) -> String {
        guard locale == "ru" else { return n == 1 ? "one" : "many" }
        let last = n % 10, lastTwo = n % 100
        if last == 1 && lastTwo != 11 { return "one" }
        if (2...4).contains(last) && !(12...14).contains(lastTwo) { return "few" }
        return "many"
    }
}
