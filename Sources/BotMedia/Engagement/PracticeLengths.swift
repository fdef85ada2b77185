import Audio
public import Bot
import Foundation
import Program

/// How long each practice takes: its recording's length when the audio catalog has one, else
/// what its narration script states (its pauses, and its words at a calm speaking pace), else
/// its text read at that pace.
public struct PracticeLengths: Sendable {
    private let fixed: NarrationLibrary
    /// The bot's shelf: the library of the moment (a catalog built while the bot runs counts at once).
    private let shelf: NarrationShelf?
    /// The pace the narration voices speak at (the audio builder's voices: 130–135 words a minute).
    static let wordsPerMinute = 130.0

    public init(narrations: NarrationLibrary = .none) {
        fixed = narrations
        shelf = nil
    }

    public init(shelf: NarrationShelf) {
        fixed = .none
        self.shelf = shelf
    }

    private var narrations: NarrationLibrary { shelf?.library ?? fixed }

    func seconds(of item: PracticeItem, program: Program, texts: ProgramTexts) -> Double {
        switch item {
        case .narrated(let content):
            if let track = narrations.track(program: program.id, for: NarratedContent(item: content, locale: texts.locale, caption: "")) {
                return track.durationSeconds
            }
            return Self.seconds(ofScript: script(of: content, texts: texts))
        case .micro(let id):
            return Self.seconds(ofScript: texts.micro[id]?.text ?? "")
        }
    }

    private func script(of item: NarratedContent.Item, texts: ProgramTexts) -> String {
        switch item {
        case let .step(stage, step):
            let step = texts.stages[stage]?.steps[step]
            return step?.narration ?? step?.text ?? ""
        case .theme(let id):
            return texts.themes[id]?.narration ?? texts.themes[id]?.text ?? ""
        case .stage(let id):
            return texts.stages[id]?.narration ?? ""
        }
    }

    /// A script's length: its `{pause:N}` seconds plus its words at `wordsPerMinute`.
    static func seconds(ofScript script: String) -> Double {
        var pauses = 0.0
        var words = 0
        for token in script.split(whereSeparator: \.isWhitespace) {
            if token.hasPrefix("{pause:"), let value = Double(token.dropFirst(7).prefix { $0.isNumber || $0 == "." }) {
                pauses += value
            } else if token.contains(where: \.isLetter) {
                words += 1
            }
        }
        return pauses + Double(words) / wordsPerMinute * 60
    }
}
