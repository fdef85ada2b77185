import Foundation

/// An ingested photo to file into the user's diary when its task finishes. The decision needs the
/// diary as it is in the finishing transaction (a photo may have been deleted or adopted since the
/// task began), so the store reads `Facts` there, `plan(_:for:)` decides (pure, the same on every
/// engine), and the store writes the `Plan`.
///
/// A single photo is saved with a warm reply, told it is a duplicate, or held with an offer to
/// replace one when the diary is full. An album item does the same silently and notes its outcome
/// in its payload; the item that finds no sibling still pending or running writes the album's reply.
public struct PhotoFiling: Sendable {
    var payload: IngestPayload
    /// The normalised photo's blobs and facts; nil when it was already known by its Telegram file.
    var stored: StoredPhotoFacts?
    /// An album item refused before storing (too large, unreadable, over a cap).
    var refused: Bool
    /// A saved photo also gets a vision task (a vision API is configured).
    var asksVision: Bool
    var messages: PhotoDiaryMessages

    package init(payload: IngestPayload, stored: StoredPhotoFacts?, refused: Bool = false, asksVision: Bool,
         messages: PhotoDiaryMessages) {
        self.payload = payload
        self.stored = stored
        self.refused = refused
        self.asksVision = asksVision
        self.messages = messages
    }

    /// The normalised bytes' key to look the photo up by, besides its Telegram file.
    package var sha256: String? { stored?.sha256 }
    package var fileUniqueID: String { payload.fileUniqueID }
    /// The album this item belongs to, if any: the store then reads its siblings.
    package var albumGroup: String? { payload.mediaGroupID }

    /// What the store reads in the finishing transaction.
    package struct Facts: Sendable {
        package var user: UserRecord?
        /// The day of the user's photo with the same bytes or Telegram file, if stored.
        package var existingDay: Int?
        package var photoDiary: PhotoDiary
        /// For an album item: the user's other ingest tasks whose payload may name the album
        /// (the store may over-select; `plan` checks the album of each).
        package var siblings: [Sibling]

        package init(user: UserRecord?, existingDay: Int?, photoDiary: PhotoDiary, siblings: [Sibling] = []) {
            self.user = user
            self.existingDay = existingDay
            self.photoDiary = photoDiary
            self.siblings = siblings
        }
    }

    /// Another task of the album, as stored.
    package struct Sibling: Sendable {
        package var taskID: Int64
        package var state: String
        package var payload: String

        package init(taskID: Int64, state: String, payload: String) {
            self.taskID = taskID
            self.state = state
            self.payload = payload
        }
    }

    /// What the store writes.
    package struct Plan: Sendable, Equatable {
        /// A new photo row.
        package var insert: StoredPhotoFacts?
        /// Recorded with the new row.
        package var visionTask: MediaTaskRequest?
        /// The task's payload with its album outcome, written unless the task is held.
        package var itemPayload: String?
        package var outcome: MediaTaskOutcome
    }

    package func plan(_ facts: Facts, for task: MediaTask) throws -> Plan {
        // Numbered as the gallery numbers them: earlier journeys' photos first.
        var facts = facts
        let kept = facts.photoDiary.photos.count
        facts.photoDiary = Conversation.journeyPhotoDiary(facts.photoDiary, of: facts.user)
        return payload.mediaGroupID == nil ? try single(facts, task, firstEver: kept == 0)
            : try albumItem(facts, task, keptBefore: kept)
    }

    private func single(_ facts: Facts, _ task: MediaTask, firstEver: Bool) throws -> Plan {
        let locale = facts.user?.locale ?? BotStrings.defaultLocale
        if let day = facts.existingDay {
            return Plan(outcome: MediaTaskOutcome(actions: [messages.duplicate(day: day, locale: locale)]))
        }
        // Known by its Telegram file a moment ago, deleted since: run again and download it.
        guard let stored else { throw MediaTaskError("The photo to compare with was deleted meanwhile.") }
        let max = PhotoDiary.maxPhotos(for: facts.user)
        if facts.photoDiary.photos.count >= max {
            var held = payload
            held.stored = stored
            return Plan(outcome: MediaTaskOutcome(
                actions: messages.fullOffer(taskID: task.id, newDay: stored.day, photos: facts.photoDiary.photos, max: max,
                                            locale: locale),
                heldPayload: try Self.json(held)))
        }
        return Plan(insert: stored, visionTask: visionTask(stored, task),
                    outcome: MediaTaskOutcome(actions: [messages.saved(day: stored.day, count: facts.photoDiary.photos.count + 1,
                                                                       max: max, locale: locale, privacyNote: firstEver)]))
    }

    /// `keptBefore`: the user's photos before this item, so the album's reply can tell that its
    /// photos are the first ever saved (and then carries the one-line privacy note, once).
    private func albumItem(_ facts: Facts, _ task: MediaTask, keptBefore: Int) throws -> Plan {
        let max = PhotoDiary.maxPhotos(for: facts.user)
        var item = payload
        var plan = Plan(outcome: MediaTaskOutcome(actions: []))
        if refused {
            item.albumOutcome = AlbumOutcome(kind: .refused, day: payload.day)
        } else if let day = facts.existingDay {
            item.albumOutcome = AlbumOutcome(kind: .duplicate, day: day)
        } else {
            guard let stored else { throw MediaTaskError("The photo to compare with was deleted meanwhile.") }
            if facts.photoDiary.photos.count >= max {
                item.stored = stored
                item.albumOutcome = AlbumOutcome(kind: .held, day: stored.day)
                plan.outcome.heldPayload = try Self.json(item)
            } else {
                item.albumOutcome = AlbumOutcome(kind: .saved, day: stored.day)
                plan.insert = stored
                plan.visionTask = visionTask(stored, task)
            }
        }
        if plan.outcome.heldPayload == nil { plan.itemPayload = try Self.json(item) }
        guard let siblings = finishedSiblings(facts.siblings) else { return plan }
        let own = AlbumItem(taskID: task.id, outcome: item.albumOutcome ?? AlbumOutcome(kind: .refused, day: payload.day))
        let count = facts.photoDiary.photos.count + (plan.insert == nil ? 0 : 1)
        let locale = facts.user?.locale ?? BotStrings.defaultLocale
        let items = siblings + [own]
        let savedNow = items.filter { $0.outcome.kind == .saved }.count
        let firstEver = savedNow > 0 && keptBefore + (plan.insert == nil ? 0 : 1) == savedNow
        plan.outcome.actions = [messages.albumReply(items, count: count, max: max, locale: locale, privacyNote: firstEver)]
        return plan
    }

    /// The album's other items with their outcomes, or nil while one of them has yet to finish.
    private func finishedSiblings(_ tasks: [Sibling]) -> [AlbumItem]? {
        let group = payload.mediaGroupID
        var items: [AlbumItem] = []
        for task in tasks {
            guard let sibling = try? JSONDecoder().decode(IngestPayload.self, from: Data(task.payload.utf8)),
                  sibling.mediaGroupID == group else { continue }
            if task.state == "pending" || task.state == "running" { return nil }
            if let outcome = sibling.albumOutcome { items.append(AlbumItem(taskID: task.taskID, outcome: outcome)) }
        }
        return items
    }

    private func visionTask(_ stored: StoredPhotoFacts, _ task: MediaTask) -> MediaTaskRequest? {
        asksVision ? VisionNotePayload.request(sha256: stored.sha256, userID: task.userID) : nil
    }

    private static func json(_ payload: IngestPayload) throws -> String {
        String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
    }

    /// `LIKE` pattern (escape character `\`) for payloads naming this album, as the JSON encoder
    /// writes it: a plain text match that every engine runs alike.
    package static func albumPattern(_ group: String) -> String {
        let encoded = (try? JSONEncoder().encode(group)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\(group)\""
        let escaped = encoded.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "%\"media_group_id\":\(escaped)%"
    }
}
