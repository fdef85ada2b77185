import Foundation
import GRDB
import TelegramEmulator
import Testing
import TestSupport
@testable import Bot

/// Вера after `/start`, with `wish` stored as her wish (on SQLite; nil leaves none) and sprout
/// photos of days 1 and 5 filed: the user whose data the export and erasure tests carry away or erase.
func veraWithAWishAndTwoPhotos(_ bot: BotHarness, wish: String?) async throws -> SimulatedUser {
    let vera = await bot.emulator.newUser(firstName: "Вера", languageCode: "ru")
    await bot.emulator.sendText("/start mg-1", from: vera)
    _ = try await bot.replies(to: vera, count: 1)
    try await bot.settle()
    if let wish {
        try await bot.runtime.sqliteWriter.write { db in
            try db.execute(sql: "UPDATE users SET progress = json_set(progress, '$.wish', ?) WHERE id = ?",
                           arguments: [wish, vera.id])
        }
    }
    var seen = await bot.emulator.messages(in: vera.chatID).count
    for day in [1, 5] {
        try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day), from: vera)
        seen += 1
        _ = try await bot.replies(to: vera, count: seen)
    }
    return vera
}

/// Sends `user` a sprout photo of `day` while their diary is full (its cap lowered to what they
/// have), and waits until the bot holds it with the offer to replace a photo.
func sendPhotoToAFullPhotoDiary(_ user: SimulatedUser, day: Int, _ bot: BotHarness) async throws {
    let database = bot.runtime.database
    let count = try await database.photoCount(userID: user.id)
    _ = try await database.setQuota(userID: user.id, change: MediaQuota.Change(maxPhotos: count), actor: "test",
                                    now: bot.runtime.clock.now())
    try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day), from: user)
    #expect(try await eventually { try await database.photoDiary(of: user.id).held.count == 1 }, "the photo is held")
    try await bot.settle()
}

/// Every blob the store says the user's media use: photos and thumbnails, pictures, held photos.
func mediaBlobs(of userID: Int64, _ bot: BotHarness) async throws -> Set<String> {
    let references = try await bot.runtime.database.mediaReferences()
    var blobs: Set<String> = []
    for photo in references.photos where photo.userID == userID { blobs.formUnion([photo.sha256, photo.thumbSHA256]) }
    for render in references.renders where render.userID == userID { blobs.insert(render.sha256) }
    for held in references.held where held.userID == userID { blobs.formUnion(held.blobs) }
    return blobs
}
