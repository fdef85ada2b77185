import Audio
import BlobStore
import Foundation

extension BotRuntime {
    /// Longest list of problems in the admins' message; Telegram texts end at 4096 characters.
    static let listedAudioProblems = 12

    /// Queues one message per admin listing the broken audio entries. The same list is sent once:
    /// its checksum is the outbox dedupe key, so restarts with the same problems stay quiet.
    func reportAudioProblems() async throws {
        guard !audioProblems.isEmpty, !adminIDs.isEmpty else { return }
        let lines = audioProblems.map { "• " + HTML.escape(String($0.description.prefix(280))) }
        var list = lines.prefix(Self.listedAudioProblems).joined(separator: "\n")
        if lines.count > Self.listedAudioProblems { list += "\n• … +\(lines.count - Self.listedAudioProblems)" }
        let digest = BlobKey.of(Data(audioProblems.map(\.description).joined(separator: "\n").utf8)).hex.prefix(16)
        for admin in adminIDs.sorted() {
            let locale = try await database.user(admin)?.locale ?? BotStrings.defaultLocale
            // `list` is escaped already; the template's own values would be escaped twice.
            let text = strings.text("audio_broken_admin", locale, ["count": String(audioProblems.count)])
                .replacingOccurrences(of: "{list}", with: list)
            try await database.enqueue([.message(text: text, keyboard: nil)], chatID: admin, priority: 1,
                                       dedupeKey: "audio-problems:\(digest):\(admin)", now: clock.now())
        }
    }
}
