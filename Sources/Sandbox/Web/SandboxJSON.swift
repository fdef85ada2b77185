import Foundation
import Hummingbird
import TelegramEmulator

/// The JSON the web chat and the sandbox exchange (camelCase keys, dates as Unix milliseconds).
enum SandboxJSON {
    struct State: ResponseEncodable {
        var bot: Bot
        var clock: Clock
        var users: [User]
    }

    struct Bot: Codable {
        var username: String
        var firstName: String
    }

    struct Clock: ResponseEncodable, Decodable {
        /// The sandbox's now, in Unix milliseconds.
        var nowMillis: Int64
        /// How far the sandbox runs ahead of real time, in seconds.
        var offsetSeconds: Double
    }

    struct User: ResponseEncodable, Decodable {
        var id: Int64
        var firstName: String
        var languageCode: String?

        init(_ user: SimulatedUser) {
            id = user.id
            firstName = user.firstName
            languageCode = user.languageCode
        }
    }

    struct NewUser: Decodable {
        var firstName: String
        var languageCode: String?
    }

    struct Text: Decodable {
        var text: String
    }

    struct Press: Decodable {
        var messageID: Int
        var data: String
    }

    struct Pressed: ResponseEncodable, Decodable {
        var queryID: String
    }

    struct CallbackAnswer: ResponseEncodable, Decodable {
        var answered: Bool
        var text: String?
        var showAlert: Bool
    }

    struct Sent: ResponseEncodable, Decodable {
        var messageID: Int
    }

    struct Advance: Decodable {
        var seconds: Double
    }

    struct Command: ResponseEncodable, Decodable {
        var command: String
        var description: String
    }

    struct Commands: ResponseEncodable, Decodable {
        var commands: [Command]
    }

    /// A chat's messages; `messages` is nil when nothing changed since the revision the page has.
    struct Messages: ResponseEncodable, Decodable {
        var revision: Int
        var chatAction: String?
        var messages: [Message]?
        /// The time zone the user chose in the bot (an IANA name), nil before they chose one:
        /// the page shows times in it, as the bot plans them.
        var timeZone: String?
    }

    struct Message: Codable {
        struct Entity: Codable {
            var type: String
            var offset: Int
            var length: Int
            var url: String?
            var language: String?
        }

        struct Button: Codable {
            var text: String
            var data: String?
            var url: String?
        }

        var id: Int
        var fromBot: Bool
        var kind: String
        var mediaKind: String
        var text: String?
        var caption: String?
        var entities: [Entity]
        var buttons: [[Button]]
        var fileID: String?
        var fileName: String?
        var mimeType: String?
        var duration: Int?
        var width: Int?
        var height: Int?
        var mediaGroupID: String?
        var edited: Bool
        var dateMillis: Int64

        init(_ message: BotMessage) {
            id = message.messageID
            fromBot = message.isFromBot
            kind = message.kind.rawValue
            mediaKind = message.mediaKind.rawValue
            text = message.text
            caption = message.caption
            entities = message.entities.map {
                Entity(type: $0.type, offset: $0.offset, length: $0.length, url: $0.url, language: $0.language)
            }
            buttons = message.buttons.map { row in row.map { Button(text: $0.text, data: $0.callbackData, url: $0.url) } }
            fileID = message.fileID
            fileName = message.fileName
            mimeType = message.mimeType
            duration = message.duration
            width = message.width
            height = message.height
            mediaGroupID = message.mediaGroupID
            edited = message.isEdited
            dateMillis = Int64(message.date.timeIntervalSince1970 * 1000)
        }
    }

    struct ScenarioReport: ResponseEncodable, Codable {
        struct Step: Codable {
            var name: String
            var ok: Bool
            var detail: String?
        }

        var passed: Bool
        var steps: [Step]
        /// The page's DOM when the scenario ended, for checks from outside the browser.
        var dom: String?
    }
}
