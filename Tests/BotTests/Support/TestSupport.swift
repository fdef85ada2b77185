import Foundation
import Program
@testable import Bot
import TestSupport

let repositoryRoot = Repository.root
let assetsDirectory = Repository.assets

/// The test clock every suite shares (Tests/TestSupport).
typealias ManualClock = TestSupport.ManualClock

enum Updates {
    static func user(_ id: Int64, language: String? = "ru") -> User {
        User(id: id, firstName: "Анна", languageCode: language)
    }

    static func text(_ text: String, from id: Int64 = 42, updateID: Int64 = 1, language: String? = "ru",
                     chatType: String = "private") -> Update {
        let chat = Chat(id: chatType == "private" ? id : -100, type: chatType)
        return Update(updateID: updateID, message: Message(messageID: Int(updateID), from: user(id, language: language),
                                                           chat: chat, date: 0, text: text))
    }

    static func callback(_ data: String, from id: Int64 = 42, updateID: Int64 = 2) -> Update {
        var message = Message(messageID: 1, from: nil, chat: Chat(id: id, type: "private"), date: 0, text: "…")
        message.replyMarkup = InlineKeyboardMarkup([[InlineKeyboardButton(text: "·", callbackData: data)]]) // the button pressed
        return Update(updateID: updateID,
                      callbackQuery: CallbackQuery(id: "q\(updateID)", from: user(id), message: message, data: data))
    }
}
