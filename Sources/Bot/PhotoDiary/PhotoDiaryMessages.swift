import BlobStore
import Foundation

/// The diary's messages and keyboards, shared by the conversation and the media task handlers,
/// so a reply reads the same whichever path produces it. Buttons carry `ph:` callback data.
public struct PhotoDiaryMessages: Sendable {
    public static let prefix = "ph:"
    let strings: BotStrings

    public init(strings: BotStrings) {
        self.strings = strings
    }

    package func text(_ key: String, _ locale: String, _ values: [String: String] = [:]) -> String {
        strings.text(key, locale, values)
    }

    package func message(_ key: String, _ locale: String, _ values: [String: String] = [:], keyboard: [[Button]]? = nil) -> OutboxAction {
        .message(text: text(key, locale, values), keyboard: keyboard)
    }

    /// "День 4" / "Day 4": photo captions and labels drawn on collages.
    public func dayLabel(_ day: Int, _ locale: String) -> String {
        text("photo_day_label", locale, ["day": String(day)])
    }

    // MARK: - Ingest replies

    /// The first photo ever saved also says, in one line, how photos are kept and how to remove them.
    func saved(day: Int, count: Int, max: Int, locale: String, privacyNote: Bool = false) -> OutboxAction {
        let saved = text("photo_saved", locale, ["day": String(day), "count": String(count), "max": String(max)])
        return .message(text: privacyNote ? saved + "\n\n" + text("photo_privacy_note", locale) : saved,
                        keyboard: galleryShortcut(locale))
    }

    func duplicate(day: Int, locale: String) -> OutboxAction {
        message("photo_duplicate", locale, ["day": String(day)])
    }

    /// The kind reply to a file the diary cannot take, saying what to send instead.
    package func refusal(_ refusal: PhotoRefusal, locale: String) -> OutboxAction {
        message(refusal.rawValue, locale)
    }

    /// The diary is full: the current photos as thumbnails, then one button per photo to replace
    /// it with the held new one, and one to keep the diary as it is.
    func fullOffer(taskID: Int64, newDay: Int, photos: [PhotoDiaryEntry], max: Int, locale: String) -> [OutboxAction] {
        var actions = album(photos, thumbnails: true, locale: locale)
        let labels = buttonLabels(photos, all: photos, locale: locale)
        var rows = pairs(zip(photos, labels).map { photo, label in
            Button(text("photo_replace_button", locale, ["label": label]), "\(Self.prefix)r:\(taskID):\(photo.id)")
        })
        rows.append([Button(text("photo_keep_button", locale), "\(Self.prefix)k:\(taskID)")])
        actions.append(message("photo_diary_full", locale, ["max": String(max), "day": String(newDay)], keyboard: rows))
        return actions
    }

    // MARK: - Gallery

    func gallery(_ photos: [PhotoDiaryEntry], max: Int, locale: String) -> [OutboxAction] {
        guard !photos.isEmpty else { return [message("photos_empty", locale, ["max": String(max)])] }
        var rows: [[Button]] = []
        // The collage and the timeline are of the current journey.
        let journey = photos.filter { !$0.earlierJourney }.count
        if journey >= 2 {
            rows.append([Button(text("photos_button_collage", locale), "\(Self.prefix)c"),
                         Button(text("photos_button_timeline", locale), "\(Self.prefix)t")])
            if journey > 2 { rows.append([Button(text("photos_button_collage_pick", locale), "\(Self.prefix)cp")]) }
        }
        rows.append([Button(text("photos_button_delete", locale), "\(Self.prefix)d")])
        let summary = message("photos_summary", locale, ["count": String(photos.count), "max": String(max)], keyboard: rows)
        return album(photos, thumbnails: false, locale: locale) + [summary]
    }

    /// One button per photo with `data(photo)`, two per row; `all` is the whole diary, whose order numbers the photos.
    func pickKeyboard(_ photos: [PhotoDiaryEntry], all: [PhotoDiaryEntry]? = nil, locale: String, data: (PhotoDiaryEntry) -> String) -> [[Button]] {
        pairs(zip(photos, buttonLabels(photos, all: all ?? photos, locale: locale)).map { Button($1, data($0)) })
    }

    /// "№3 · день 12": a photo's place in the diary (as numbered under the album) and its day,
    /// so several photos of one day are told apart. An earlier journey's photo says so instead of
    /// its day, which was a day of another journey (maybe of another kit, longer than this one).
    func placeLabel(_ photo: PhotoDiaryEntry, in all: [PhotoDiaryEntry], locale: String) -> String {
        let place = (all.firstIndex { $0.id == photo.id } ?? 0) + 1
        if photo.earlierJourney { return text("photo_place_label_earlier", locale, ["place": String(place)]) }
        return text("photo_place_label", locale, ["place": String(place), "day": String(photo.day)])
    }

    /// The photos as albums of at most 10 (Telegram's limit), captioned with their days.
    func album(_ photos: [PhotoDiaryEntry], thumbnails: Bool, locale: String) -> [OutboxAction] {
        stride(from: 0, to: photos.count, by: 10).map { start in
            let chunk = Array(photos[start..<min(start + 10, photos.count)])
            let files = chunk.map { PhotoDiaryFiles.jpeg(thumbnails ? $0.thumbSHA256 : $0.sha256, name: "day-\($0.day).jpg") }
            let captions: [String?] = chunk.map { placeLabel($0, in: photos, locale: locale) }
            if chunk.count == 1 { return .photo(file: files[0], caption: captions[0], keyboard: nil) }
            return .album(files: files, captions: captions)
        }
    }

    private func galleryShortcut(_ locale: String) -> [[Button]] {
        [[Button(text("photos_button_open", locale), "\(Self.prefix)g")]]
    }

    /// The photos' place labels, numbered as the album's captions number them.
    private func buttonLabels(_ photos: [PhotoDiaryEntry], all: [PhotoDiaryEntry], locale: String) -> [String] {
        photos.map { placeLabel($0, in: all, locale: locale) }
    }

    private func pairs(_ buttons: [Button]) -> [[Button]] {
        stride(from: 0, to: buttons.count, by: 2).map { Array(buttons[$0..<min($0 + 2, buttons.count)]) }
    }
}
