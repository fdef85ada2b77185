import Foundation
import TelegramEmulator

/// Вера after `/start`, with `wish` stored as her wish and sprout photos of days 1 and 5 filed:
/// the user whose data the export and erasure tests carry away or erase.
func veraWithAWishAndTwoPhotos(_ bot: BotHarness, wish: String) async throws -> SimulatedUser {
    let vera = await bot.emulator.newUser(firstName: "Вера", languageCode: "ru")
    await bot.emulator.sendText("/start mg-1", from: vera)
    _ = try await bot.replies(to: vera, count: 1)
    try await bot.settle()
    try await bot.runtime.sqliteWriter.write { db in
        try db.execute(sql: "UPDATE users SET progress = json_set(progress, '$.wish', ?) WHERE id = ?",
                       arguments: [wish, vera.id])
    }
    var seen = await bot.emulator.messages(in: vera.chatID).count
    for day in [1, 5] {
        try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day), from: vera)
        seen += 1
        _ = try await bot.replies(to: vera, count: seen)
    }
    return vera
}
