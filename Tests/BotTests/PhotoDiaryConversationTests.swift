import TestSupport
import Foundation
import Media
import Program
import Testing
@testable import Bot

/// The photo diary's pure conversation rules: what a photo, a file, a command or a `ph:` button
/// decides, given the diary snapshot read in the update's transaction.
@Suite struct PhotoDiaryConversationTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let conversation: Conversation

    init() throws {
        conversation = Conversation(strings: try loadStrings(), engine: try loadEngine(), supportContact: nil)
    }

    func started() throws -> UserRecord {
        try #require(conversation.decide(Updates.text("/start mg-1"), user: nil, admission: .allowed, now: now).user)
    }

    func diary(_ days: [Int], held: [HeldPhoto] = []) -> PhotoDiary {
        PhotoDiary(photos: days.enumerated().map { index, day in
            PhotoDiaryEntry(id: Int64(index + 1), day: day, sha256: String(repeating: "a", count: 63) + "\(index)",
                       thumbSHA256: String(repeating: "b", count: 63) + "\(index)", greenCoverage: 0.1 * Double(index))
        }, held: held)
    }

    func photoUpdate(sizes: [PhotoSize]? = nil, document: Document? = nil) -> Update {
        var message = Message(messageID: 7, from: Updates.user(42), chat: Chat(id: 42, type: "private"), date: 0)
        message.photo = sizes
        message.document = document
        return Update(updateID: 3, message: message)
    }

    func texts(_ decision: Decision) -> [String] {
        decision.actions.compactMap { if case .message(let text, _) = $0 { return text } else { return nil } }
    }

    func keyboard(_ decision: Decision) -> [Bot.Button] {
        decision.actions.flatMap { action -> [Bot.Button] in
            if case .message(_, let keyboard?) = action { return keyboard.flatMap { $0 } }
            return []
        }
    }

    func press(_ data: String, user: UserRecord, diary: PhotoDiary) -> Decision {
        conversation.decide(Updates.callback(data), user: user, admission: .allowed, now: now, photoDiary: diary)
    }

    @Test func aPhotoBecomesAnIngestTaskOfItsLargestSizeAndTheProgramDay() throws {
        var user = try started()
        let sizes = [PhotoSize(fileID: "small", fileUniqueID: "s", width: 90, height: 68, fileSize: 900),
                     PhotoSize(fileID: "large", fileUniqueID: "l", width: 1280, height: 960, fileSize: 90_000)]
        // Before planting is complete the program stands at day 0, as /status says
        let unplanted = conversation.decide(photoUpdate(sizes: sizes), user: user, admission: .allowed,
                                            now: now.addingTimeInterval(4 * 86_400))
        let early = try JSONDecoder().decode(IngestPayload.self, from: Data(try #require(unplanted.mediaTasks.first).payload.utf8))
        #expect(early.day == 0)
        // Planted at the start, four days later
        var progress = try #require(user.progress.flatMap(ProgressCoding.decode))
        progress.stagesCompleted["planting"] = now
        user.progress = ProgressCoding.encode(progress)
        let decision = conversation.decide(photoUpdate(sizes: sizes), user: user, admission: .allowed,
                                           now: now.addingTimeInterval(4 * 86_400))
        #expect(decision.actions.isEmpty)
        let task = try #require(decision.mediaTasks.first)
        #expect(task.kind == "ingest")
        #expect(task.dedupeKey == "ingest:42:7")
        let payload = try JSONDecoder().decode(IngestPayload.self, from: Data(task.payload.utf8))
        #expect(payload.fileID == "large")
        #expect(payload.size == 90_000)
        #expect(payload.day == 4)
        #expect(payload.programID == "microgreens")
    }

    @Test func filesAreTakenWhenTheyMayBeImagesAndRefusedKindlyOtherwise() throws {
        let user = try started()
        func decide(_ name: String?, _ mime: String?, size: Int = 1000) -> Decision {
            let document = Document(fileID: "f", fileUniqueID: "u", fileName: name, mimeType: mime, fileSize: size)
            return conversation.decide(photoUpdate(document: document), user: user, admission: .allowed, now: now)
        }
        #expect(decide("IMG_1.HEIC", "image/heic").mediaTasks.count == 1)
        #expect(decide("scan.webp", "application/octet-stream").mediaTasks.count == 1)
        #expect(decide(nil, nil).mediaTasks.count == 1)
        let pdf = decide("kit.pdf", "application/pdf")
        #expect(pdf.mediaTasks.isEmpty)
        #expect(texts(pdf).first?.contains("не похож на фотографию") == true)
        // Over Telegram's 20 MB download limit: refused before any task or download
        let huge = decide("big.jpg", "image/jpeg", size: 25 * 1024 * 1024)
        #expect(huge.mediaTasks.isEmpty)
        #expect(texts(huge).first?.contains("больше 20 МБ") == true)
    }

    @Test func statusCountsThePhotosInThePhotoDiary() throws {
        let user = try started()
        let decision = conversation.decide(Updates.text("/status"), user: user, admission: .allowed, now: now,
                                           photoDiary: diary([1, 2, 3]))
        #expect(texts(decision).joined().contains("Фото в дневнике: 3"))
    }

    @Test func theGalleryIsAnAlbumWithDaysThenButtons() throws {
        let user = try started()
        let empty = conversation.decide(Updates.text("/photos"), user: user, admission: .allowed, now: now)
        #expect(texts(empty).first?.contains("до 10 фото") == false)
        #expect(texts(empty).first?.contains("помещается 10 фото") == true)
        let decision = conversation.decide(Updates.text("/photos"), user: user, admission: .allowed, now: now,
                                           photoDiary: diary([1, 4, 9]))
        guard case .album(let files, let captions) = decision.actions.first else {
            Issue.record("the gallery starts with an album")
            return
        }
        #expect(files.count == 3)
        #expect(captions == ["№1 · день 1", "№2 · день 4", "№3 · день 9"])
        #expect(files.first == .blob(name: try #require(BlobName(hex: String(repeating: "a", count: 63) + "0", format: .jpeg)),
                                    fileName: "day-1.jpg"))
        #expect(keyboard(decision).map(\.data) == ["ph:c", "ph:t", "ph:cp", "ph:d"])
        #expect(texts(decision).last?.contains("3 из 10") == true)
    }

    @Test func collagesAndTimelinesNeedTwoPhotosAndBecomeRenderTasks() throws {
        let user = try started()
        let one = conversation.decide(Updates.text("/collage"), user: user, admission: .allowed, now: now, photoDiary: diary([1]))
        #expect(one.mediaTasks.isEmpty)
        #expect(texts(one).first?.contains("хотя бы два фото") == true)
        let three = diary([1, 4, 9])
        let collage = conversation.decide(Updates.text("/collage"), user: user, admission: .allowed, now: now, photoDiary: three)
        #expect(collage.actions == [.chatAction("upload_photo")])
        #expect(collage.mediaTasks == [MediaTaskRequest(kind: "collage", encoding: RenderPayload(photoIDs: [1, 3]))])
        let timeline = conversation.decide(Updates.text("/timeline"), user: user, admission: .allowed, now: now, photoDiary: three)
        #expect(timeline.mediaTasks == [MediaTaskRequest(kind: "timeline", encoding: RenderPayload(photoIDs: [1, 2, 3]))])
        // Two picked from the gallery
        let picked = press("ph:c2:3:2", user: user, diary: three)
        #expect(picked.mediaTasks == [MediaTaskRequest(kind: "collage", encoding: RenderPayload(photoIDs: [3, 2]))])
    }

    @Test func deletingAsksForConfirmationFirst() throws {
        let user = try started()
        let three = diary([1, 4, 9])
        let pick = press("ph:d", user: user, diary: three)
        #expect(keyboard(pick).map(\.data) == ["ph:dp:1", "ph:dp:2", "ph:dp:3"])
        let confirm = press("ph:dp:2", user: user, diary: three)
        #expect(confirm.photoDiaryChanges.isEmpty)
        #expect(texts(confirm).first?.contains("Удалить фото №2 · день 4?") == true)
        #expect(keyboard(confirm).map(\.data) == ["ph:dy:2", "ph:dn"])
        let asked = try #require(confirm.user)
        let deleted = press("ph:dy:2", user: asked, diary: three)
        #expect(deleted.photoDiaryChanges == [.deletePhoto(id: 2)])
        #expect(texts(deleted).first?.contains("В дневнике 2 из 10") == true)
        // The answered question's buttons go
        #expect(deleted.actions.contains(.editKeyboard(messageID: 1, keyboard: nil)))
        #expect(press("ph:dn", user: asked, diary: three).photoDiaryChanges.isEmpty)
        // A photo deleted meanwhile
        let seven = try #require(press("ph:dp:7", user: user, diary: diary([1, 4, 9, 2, 3, 5, 8])).user)
        let stale = press("ph:dy:7", user: seven, diary: three)
        #expect(stale.photoDiaryChanges.isEmpty)
        #expect(texts(stale).first?.contains("уже нет в дневнике") == true)
    }

    @Test func anOldDeleteQuestionDeletesNothingOnceAnsweredOrLeftBehind() throws {
        let user = try started()
        let three = diary([1, 4, 9])
        let asked = try #require(press("ph:dp:2", user: user, diary: three).user)
        let staleAnswer = OutboxAction.answerCallback(queryID: "q2", text: conversation.strings.text("stale_button", "ru"), alert: false)
        // Left behind: the user went on (a command, a text, another button) and then pressed "Yes, delete"
        for movedOn in [conversation.decide(Updates.text("/status"), user: asked, admission: .allowed, now: now, photoDiary: three).user,
                        conversation.decide(Updates.text("привет"), user: asked, admission: .allowed, now: now, photoDiary: three).user,
                        press("ph:g", user: asked, diary: three).user] {
            let late = press("ph:dy:2", user: try #require(movedOn), diary: three)
            #expect(late.photoDiaryChanges.isEmpty)
            #expect(late.actions == [staleAnswer])
        }
        // Answered with "No": a later "Yes" on the same question deletes nothing
        let kept = try #require(press("ph:dn", user: asked, diary: three).user)
        let late = press("ph:dy:2", user: kept, diary: three)
        #expect(late.photoDiaryChanges.isEmpty && late.actions == [staleAnswer])
        // A "Yes" of an older question for another photo does not ride on the newer one
        let other = try #require(press("ph:dp:3", user: user, diary: three).user)
        #expect(press("ph:dy:2", user: other, diary: three).photoDiaryChanges.isEmpty)
    }

    @Test func theDeleteQuestionStaysOpenWhileAPressElsewhereOnlyChangesAMessageInPlace() throws {
        let asked = try #require(press("ph:dp:2", user: try started(), diary: diary([1, 4, 9])).user)
        var left = asked
        left.openQuestion = nil
        // Back on the practice above, turned in place: the question is still the latest message
        let turned = Decision(user: left, actions: [.answerCallback(queryID: "q", text: nil, alert: false),
                                                    .editText(messageID: 5, text: "…", keyboard: nil)])
        let back = Updates.callback("p:b:planting.1")
        #expect(conversation.keepingOpenQuestion(of: asked, after: turned, for: back).user?.openQuestion == .deletePhoto(id: 2))
        // A press that sends a new message leaves it behind, as does its own "No"
        var sent = turned
        sent.actions.append(.message(text: "…", keyboard: nil))
        #expect(conversation.keepingOpenQuestion(of: asked, after: sent, for: back).user?.openQuestion == nil)
        #expect(conversation.keepingOpenQuestion(of: asked, after: turned, for: Updates.callback("ph:dn")).user?.openQuestion == nil)
    }

    @Test func aHeldPhotoReplacesTheOnePickedOrIsLetGo() throws {
        let user = try started()
        let full = diary([1, 2], held: [HeldPhoto(taskID: 30, day: 5)])
        let replaced = press("ph:r:30:1", user: user, diary: full)
        #expect(replaced.photoDiaryChanges == [.adoptHeldPhoto(taskID: 30, replacing: 1)])
        #expect(texts(replaced).first?.contains("новое фото (день 5) заняло место фото №1 · день 1") == true)
        let kept = press("ph:k:30", user: user, diary: full)
        #expect(kept.photoDiaryChanges == [.discardHeldPhoto(taskID: 30)])
        // An offer already answered
        let stale = press("ph:r:31:1", user: user, diary: full)
        #expect(stale.photoDiaryChanges.isEmpty)
        #expect(texts(stale).first?.contains("неактуально") == true)
    }

    @Test func theFullPhotoDiaryOfferShowsThumbnailsAndFitsTelegramsLimits() throws {
        let messages = PhotoDiaryMessages(strings: try loadStrings())
        let photos = diary(Array(1...10)).photos
        let actions = messages.fullOffer(taskID: 123_456_789, newDay: 11, photos: photos, max: 10, locale: "ru")
        guard case .album(let files, _) = actions.first, case .message(let text, let rows?) = actions.last else {
            Issue.record("an album of thumbnails, then the question with buttons")
            return
        }
        #expect(files.count == 10)
        #expect(files.first == .blob(name: try #require(BlobName(hex: photos[0].thumbSHA256, format: .jpeg)), fileName: "day-1.jpg"))
        #expect(text.contains("В дневнике уже 10 фото"))
        let buttons = rows.flatMap { $0 }
        #expect(buttons.count == 11)
        #expect(buttons.first?.label == "Заменить: №1 · день 1")
        #expect(buttons.allSatisfy { $0.data.utf8.count <= 64 })
    }

    @Test func photosOfOneDayAreToldApartByTheirPlace() throws {
        // Given a full diary whose photos all belong to day 20 (a user who skipped ahead)
        let messages = PhotoDiaryMessages(strings: try loadStrings())
        let photos = (1...6).map { PhotoDiaryEntry(id: Int64($0), day: 20, sha256: "s\($0)", thumbSHA256: "t\($0)", greenCoverage: 0) }
        let actions = messages.fullOffer(taskID: 7, newDay: 20, photos: photos, max: 6, locale: "en")
        guard case .album(_, let captions) = actions.first, case .message(_, let rows?) = actions.last else {
            Issue.record("an album of thumbnails, then the question with buttons")
            return
        }
        // Then each thumbnail and each button names the photo's place and day, all different
        let labels = rows.flatMap { $0 }.dropLast().map(\.label)
        #expect(Set(labels).count == 6)
        #expect(labels.first == "Replace #1 · day 20")
        #expect(captions.compactMap { $0 } == (1...6).map { "#\($0) · day 20" })
    }

    @Test func photoDiaryFilesAreTheBlobsTheRowsName() throws {
        let hex = BlobKey.of(Data("a photo".utf8)).hex
        #expect(PhotoDiaryFiles.jpeg(hex, name: "day-1.jpg") == .blob(name: try #require(BlobName(hex: hex, format: .jpeg)), fileName: "day-1.jpg"))
        #expect(PhotoDiaryFiles.jpegName("not a key") == nil)
    }
}
