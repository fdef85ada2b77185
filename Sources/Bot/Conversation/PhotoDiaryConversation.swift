import Foundation
import Program

/// The photo diary in the conversation: a photo or an image file becomes an "ingest"
/// media task; /photos, /collage and /timeline and the `ph:` buttons read the diary snapshot and
/// decide deletions, replacements and render tasks. Nothing slow happens here.
extension Conversation {
    /// Telegram lets bots download files up to 20 MB.
    static let maxDownloadBytes = 20 * 1024 * 1024
    /// Telegram delivers an album's items within a second or so of each other.
    static let albumSettle: TimeInterval = 2
    static let imageExtensions: Set<String> = ["jpg", "jpeg", "jpe", "png", "webp", "heic", "heif", "avif", "tif",
                                               "tiff", "mpo", "gif"]

    var diaryMessages: PhotoDiaryMessages { PhotoDiaryMessages(strings: strings) }

    // MARK: - Photos and files

    /// The decision for a photo or a file, or nil when the message is neither.
    func photoMessage(_ message: Message, user: UserRecord, now: Date) -> Decision? {
        let file: (id: String, uniqueID: String, size: Int?, isDocument: Bool)
        if let sizes = message.photo, let largest = sizes.max(by: { $0.width * $0.height < $1.width * $1.height }) {
            file = (largest.fileID, largest.fileUniqueID, largest.fileSize, false)
        } else if message.animation == nil, let document = message.document {
            guard Self.mayBeImage(document) else {
                return Decision(user: user, actions: [diaryMessages.refusal(.notAnImage, locale: user.locale)])
            }
            file = (document.fileID, document.fileUniqueID, document.fileSize, true)
        } else {
            return nil
        }
        if let size = file.size, size > Self.maxDownloadBytes {
            return Decision(user: user, actions: [diaryMessages.refusal(.fileTooLarge, locale: user.locale)])
        }
        let progress = user.progress.flatMap(ProgressCoding.decode)
        // The program day as /status shows it: held during pauses and skipped weeks, never past the end.
        let day = progress.map { engine.programDay(of: $0, now: now, timeZone: user.timeZone) } ?? 0
        let payload = IngestPayload(fileID: file.id, fileUniqueID: file.uniqueID, size: file.size, day: day,
                                    programID: progress?.programID, isDocument: file.isDocument, stored: nil,
                                    mediaGroupID: message.mediaGroupID, sentAt: now)
        var decision = Decision(user: user)
        // An album item waits a moment so the album's other items (maybe in the next poll batch)
        // are recorded before any of them finishes: its last item then answers for the album.
        decision.mediaTasks = [MediaTaskRequest(kind: MediaTaskKind.ingest, encoding: payload,
                                                dedupeKey: "ingest:\(message.chat.id):\(message.messageID)",
                                                notBefore: message.mediaGroupID == nil ? nil : now.addingTimeInterval(Self.albumSettle))]
        return decision
    }

    /// An image MIME type or file name, or nothing that says otherwise (the header decides then).
    static func mayBeImage(_ document: Document) -> Bool {
        let mime = document.mimeType?.lowercased() ?? "application/octet-stream"
        if mime.hasPrefix("image/") { return true }
        let suffix = document.fileName?.split(separator: ".").last.map { $0.lowercased() }
        if let suffix, imageExtensions.contains(suffix) { return true }
        return mime == "application/octet-stream" && (suffix == nil || document.fileName?.contains(".") == false)
    }

    // MARK: - Commands

    func photosCommand(_ name: String, user: UserRecord) -> Decision {
        switch name {
        case "collage": return collage(ids: firstAndLatest(), user: user)
        case "timeline": return timeline(user: user)
        default: return Decision(user: user, actions: diaryMessages.gallery(photoDiary.photos, max: maxPhotos(user), locale: user.locale))
        }
    }

    private func maxPhotos(_ user: UserRecord) -> Int { PhotoDiary.maxPhotos(for: user) }

    /// The current journey's first and latest photos (earlier journeys' have other days).
    private func firstAndLatest() -> [Int64] {
        let photos = photoDiary.journeyPhotos
        guard let first = photos.first, let last = photos.last, first.id != last.id else { return [] }
        return [first.id, last.id]
    }

    private func collage(ids: [Int64], user: UserRecord) -> Decision {
        guard ids.count == 2 else { return needTwo(user) }
        return render(MediaTaskKind.collage, ids: ids, user: user)
    }

    private func timeline(user: UserRecord) -> Decision {
        guard photoDiary.journeyPhotos.count >= 2 else { return needTwo(user) }
        return render(MediaTaskKind.timeline, ids: photoDiary.journeyPhotos.map(\.id), user: user)
    }

    private func needTwo(_ user: UserRecord) -> Decision {
        let journey = photoDiary.journeyPhotos.count
        // Photos of an earlier journey are in the diary but not in this journey's collage.
        let key = journey == photoDiary.photos.count ? "photos_need_two" : "photos_need_two_this_journey"
        return reply(key, to: user, ["count": String(journey)])
    }

    private func render(_ kind: String, ids: [Int64], user: UserRecord) -> Decision {
        var decision = Decision(user: user, actions: [.chatAction("upload_photo")])
        decision.mediaTasks = [MediaTaskRequest(kind: kind, encoding: RenderPayload(photoIDs: ids))]
        return decision
    }

    // MARK: - Buttons

    /// `ph:` buttons: g gallery, c/t collage/timeline, cp/c1/c2 pick two for a collage,
    /// d/dp/dy/dn delete with confirmation, r/k replace with or keep out a held new photo.
    func photoCallback(_ data: String, user: UserRecord) -> Decision {
        let parts = data.split(separator: ":").map(String.init)
        let ids = parts.dropFirst().compactMap { Int64($0) }
        let locale = user.locale
        let messages = diaryMessages
        switch (parts.first ?? "", ids.count) {
        case ("g", 0): return photosCommand("photos", user: user)
        case ("c", 0): return collage(ids: firstAndLatest(), user: user)
        case ("t", 0): return timeline(user: user)
        case ("cp", 0):
            guard photoDiary.journeyPhotos.count >= 2 else { return needTwo(user) }
            return reply("photos_pick_first", to: user,
                         keyboard: messages.pickKeyboard(photoDiary.journeyPhotos, all: photoDiary.photos, locale: locale) {
                             "\(PhotoDiaryMessages.prefix)c1:\($0.id)"
                         })
        case ("c1", 1):
            guard photoDiary.journeyPhoto(id: ids[0]) != nil else { return reply("photos_stale", to: user) }
            let others = photoDiary.journeyPhotos.filter { $0.id != ids[0] }
            return reply("photos_pick_second", to: user, keyboard: messages.pickKeyboard(others, all: photoDiary.photos, locale: locale) {
                "\(PhotoDiaryMessages.prefix)c2:\(ids[0]):\($0.id)"
            })
        case ("c2", 2):
            guard ids.allSatisfy({ photoDiary.journeyPhoto(id: $0) != nil }), ids[0] != ids[1] else { return reply("photos_stale", to: user) }
            return collage(ids: ids, user: user)
        case ("d", 0):
            guard !photoDiary.photos.isEmpty else { return photosCommand("photos", user: user) }
            return reply("photos_delete_pick", to: user,
                         keyboard: messages.pickKeyboard(photoDiary.photos, locale: locale) { "\(PhotoDiaryMessages.prefix)dp:\($0.id)" })
        case ("dp", 1):
            guard let photo = photoDiary.photo(id: ids[0]) else { return reply("photos_stale", to: user) }
            var asking = user
            asking.openQuestion = .deletePhoto(id: photo.id)
            return reply("photos_delete_confirm", to: asking, ["photo": messages.placeLabel(photo, in: photoDiary.photos, locale: locale)], keyboard: [[
                Button(strings.text("photos_delete_yes", locale), "\(PhotoDiaryMessages.prefix)dy:\(photo.id)"),
                Button(strings.text("photos_delete_no", locale), "\(PhotoDiaryMessages.prefix)dn"),
            ]])
        case ("dy", 1):
            var user = user
            user.openQuestion = nil // answered: its buttons go (Conversation.callback)
            guard let photo = photoDiary.photo(id: ids[0]) else { return reply("photos_stale", to: user) }
            var decision = reply("photos_deleted", to: user, ["photo": messages.placeLabel(photo, in: photoDiary.photos, locale: locale),
                                                               "count": String(photoDiary.photos.count - 1),
                                                               "max": String(maxPhotos(user))])
            decision.photoDiaryChanges = [.deletePhoto(id: photo.id)]
            return decision
        case ("dn", 0):
            var user = user
            user.openQuestion = nil
            return reply("photos_delete_cancelled", to: user)
        case ("r", 2):
            guard let held = photoDiary.heldPhoto(taskID: ids[0]) else { return reply("photo_offer_stale", to: user) }
            guard let replaced = photoDiary.photo(id: ids[1]) else { return reply("photos_stale", to: user) }
            var decision = reply("photo_replaced", to: user, ["old": messages.placeLabel(replaced, in: photoDiary.photos, locale: locale),
                                                               "day": String(held.day),
                                                               "count": String(photoDiary.photos.count), "max": String(maxPhotos(user))])
            decision.photoDiaryChanges = [.adoptHeldPhoto(taskID: held.taskID, replacing: replaced.id)]
            return decision
        case ("k", 1):
            guard let held = photoDiary.heldPhoto(taskID: ids[0]) else { return reply("photo_offer_stale", to: user) }
            var decision = reply("photo_kept", to: user)
            decision.photoDiaryChanges = [.discardHeldPhoto(taskID: held.taskID)]
            return decision
        case ("ra", 2), ("ka", 2):
            return albumChoice(replace: parts[0] == "ra", taskIDs: ids[0]...Swift.max(ids[0], ids[1]), user: user)
        default:
            var unknown = Decision(user: user)
            unknown.rejected = true // answered on the button alone (Conversation.callback)
            return unknown
        }
    }

    /// An album's photos that did not fit: all replace the earliest photos, or all are let go.
    private func albumChoice(replace: Bool, taskIDs: ClosedRange<Int64>, user: UserRecord) -> Decision {
        let held = photoDiary.held.filter { taskIDs.contains($0.taskID) }
        guard !held.isEmpty else { return reply("photo_offer_stale", to: user) }
        guard replace else {
            var decision = reply("photo_kept", to: user)
            decision.photoDiaryChanges = held.map { .discardHeldPhoto(taskID: $0.taskID) }
            return decision
        }
        let replaced = photoDiary.photos.prefix(held.count)
        var decision = reply("photo_album_replaced", to: user, ["n": String(replaced.count), "count": String(photoDiary.photos.count),
                                                                 "max": String(maxPhotos(user))])
        decision.photoDiaryChanges = zip(held, replaced).map { .adoptHeldPhoto(taskID: $0.taskID, replacing: $1.id) }
            + held.dropFirst(replaced.count).map { .discardHeldPhoto(taskID: $0.taskID) }
        return decision
    }
}
