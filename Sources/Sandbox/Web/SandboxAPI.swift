import Bot
import Foundation
import Hummingbird
import TelegramEmulator

/// What the web chat can do: play users in the emulator, read their chats, move the clock.
/// Every failure is an `HTTPError` whose message is one sentence the page shows as it is.
struct SandboxAPI: Sendable {
    let emulator: TelegramEmulator
    let clock: SandboxClock
    let timeTravel: TimeTravel
    let users: SandboxUsers
    let reports: ScenarioReports

    static let languages: Set<String> = ["en", "ru"]
    static let maxNameLength = 64

    func state() async -> SandboxJSON.State {
        SandboxJSON.State(
            bot: .init(username: emulator.configuration.botUsername, firstName: emulator.configuration.botFirstName),
            clock: clockState(), users: await users.all().map(SandboxJSON.User.init))
    }

    func clockState() -> SandboxJSON.Clock {
        SandboxJSON.Clock(nowMillis: Int64(clock.now().timeIntervalSince1970 * 1000), offsetSeconds: clock.offset)
    }

    func newUser(_ request: SandboxJSON.NewUser) async throws -> SandboxJSON.User {
        let name = request.firstName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= Self.maxNameLength else {
            throw HTTPError(.badRequest, message: "A user needs a first name of 1 to \(Self.maxNameLength) characters.")
        }
        let language = request.languageCode ?? "ru"
        guard Self.languages.contains(language) else {
            throw HTTPError(.badRequest, message: "The language must be en or ru.")
        }
        let user = await emulator.newUser(firstName: name, languageCode: language)
        await users.add(user)
        return SandboxJSON.User(user)
    }

    func user(chatID: Int64) async throws -> SimulatedUser {
        guard let user = await users.user(chatID: chatID) else {
            throw HTTPError(.notFound, message: "No sandbox user has chat \(chatID); create one first.")
        }
        return user
    }

    func messages(chatID: Int64, since: Int?) async throws -> SandboxJSON.Messages {
        _ = try await user(chatID: chatID)
        let revision = await emulator.revision(in: chatID)
        let action = await emulator.currentChatAction(in: chatID)
        let zone = await timeZone(chatID: chatID)
        guard since != revision else { return .init(revision: revision, chatAction: action, messages: nil, timeZone: zone) }
        let transcript = await emulator.transcript(in: chatID)
        return .init(revision: revision, chatAction: action, messages: transcript.map(SandboxJSON.Message.init), timeZone: zone)
    }

    /// The zone the user chose in the bot (the bot's own record; a private chat's id is the user's).
    private func timeZone(chatID: Int64) async -> String? {
        (try? await timeTravel.database.user(chatID))??.timezone
    }

    func sendText(chatID: Int64, _ request: SandboxJSON.Text) async throws -> SandboxJSON.Sent {
        let user = try await user(chatID: chatID)
        let text = request.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.utf16.count <= 4096 else {
            throw HTTPError(.badRequest, message: "A message must have 1 to 4096 characters.")
        }
        return .init(messageID: await emulator.sendText(text, from: user))
    }

    func press(chatID: Int64, _ request: SandboxJSON.Press) async throws -> SandboxJSON.Pressed {
        let user = try await user(chatID: chatID)
        return .init(queryID: await emulator.pressButton(request.data, on: request.messageID, from: user))
    }

    func callbackAnswer(queryID: String) async -> SandboxJSON.CallbackAnswer {
        guard let answer = await emulator.callbackAnswers(for: queryID).first else {
            return .init(answered: false, text: nil, showAlert: false)
        }
        return .init(answered: true, text: answer.text, showAlert: answer.showAlert)
    }

    func sendPhoto(chatID: Int64, data: Data, caption: String?) async throws -> SandboxJSON.Sent {
        let user = try await user(chatID: chatID)
        do {
            return .init(messageID: try await emulator.sendPhoto(data, caption: Self.nonEmpty(caption), from: user))
        } catch let error as EmulatorError {
            throw HTTPError(.badRequest, message: error.description)
        }
    }

    func sendDocument(chatID: Int64, data: Data, fileName: String, mimeType: String, caption: String?) async throws
        -> SandboxJSON.Sent
    {
        let user = try await user(chatID: chatID)
        guard !data.isEmpty else { throw HTTPError(.badRequest, message: "The file is empty.") }
        let name = Self.nonEmpty(fileName).map { String($0.prefix(255)) } ?? "file"
        return .init(messageID: await emulator.sendDocument(
            data, fileName: name, mimeType: mimeType, caption: Self.nonEmpty(caption), from: user))
    }

    func commands(chatID: Int64) async throws -> SandboxJSON.Commands {
        let user = try await user(chatID: chatID)
        let commands = await emulator.commands(languageCode: user.languageCode, chatID: chatID)
        return .init(commands: commands.map { SandboxJSON.Command(command: $0.command, description: $0.description) })
    }

    /// Moves the bot's clock ahead, stopping at every reminder on the way (see `TimeTravel`);
    /// answers once the bot has sent what fell due.
    func advanceClock(_ request: SandboxJSON.Advance) async throws -> SandboxJSON.Clock {
        guard request.seconds <= 366 * 86_400 else {
            throw HTTPError(.badRequest, message: "Advance the clock by at most a year at a time.")
        }
        guard request.seconds > 0, request.seconds.isFinite else {
            throw HTTPError(.badRequest, message: "Time can only move forward: advance by a positive number of seconds.")
        }
        do {
            try await timeTravel.travel(by: request.seconds)
        } catch {
            throw HTTPError(.conflict, message: error.description)
        }
        return clockState()
    }

    func file(id: String) async throws -> EmulatorFile {
        guard let file = await emulator.file(id: id) else {
            throw HTTPError(.notFound, message: "No file has the id \(id).")
        }
        return file
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
