/// What a narrator says for one step, theme or manifesto: speech and silences, in order.
///
/// A script comes from the optional `narration` field of a step, a theme or the manifesto stage:
/// plain text where `{pause:N}` asks for N seconds of silence (the time to actually do the
/// practice) and a blank line between paragraphs gives a short breath. Readers never see it; the
/// engine shows `text`. Without a script the screen text is narrated with paragraph pauses only.
public struct Narration: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case speech(String)
        case pause(seconds: Int)
    }

    /// Allowed length of one `{pause:N}`; ten minutes of silence is a mistake, not a practice.
    static let pauseRange = 1...600
    /// The silence a paragraph break gives when no marker asks for more.
    static let paragraphPause = 2
    /// How long a practice recorded whole (a theme) lasts: the 3–10 minutes promised to a listener.
    public static let practiceSeconds: ClosedRange<Double> = 180...600
    /// The silence the audio build puts before and after the speech.
    static let framingSeconds = 5.0
    /// The slower placeholder voice's pace in words a minute, to estimate a length before rendering.
    static let estimateWordsPerMinute = 130
    /// A practice recorded as several tracks (a stage's steps) lasts at most this in all.
    static let stageSeconds: Double = 600

    /// The placeholder voice's measured pace in `locale`: Russian words are longer, so fewer a
    /// minute (rendered tracks come out within a few seconds of an estimate at this pace).
    public static func wordsPerMinute(for locale: String) -> Int {
        locale == "ru" ? 105 : estimateWordsPerMinute
    }

    public let parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// Seconds of silence the script asks for (speech length depends on the voice).
    var pauseSeconds: Int {
        parts.reduce(0) { total, part in
            if case .pause(let seconds) = part { return total + seconds }
            return total
        }
    }

    /// Words spoken, to estimate length before rendering.
    var wordCount: Int {
        parts.reduce(0) { total, part in
            if case .speech(let text) = part { return total + text.split(whereSeparator: \.isWhitespace).count }
            return total
        }
    }

    /// About how long the recording lasts: its pauses, its words at `wordsPerMinute` and the
    /// build's framing silence (the rendered track comes out within a few seconds of it).
    func estimatedSeconds(wordsPerMinute: Int = Narration.estimateWordsPerMinute) -> Double {
        Double(pauseSeconds) + Double(wordCount) * 60 / Double(max(wordsPerMinute, 1)) + Self.framingSeconds
    }

    /// Parses a `narration` script, or says what is wrong with it in one sentence.
    public static func parse(script: String) throws(NarrationProblem) -> Narration {
        if script.contains("<") || script.contains(">") {
            throw NarrationProblem(message: "narration is plain spoken text: no HTML tags")
        }
        var builder = Builder()
        var rest = Substring(script)
        while let open = rest.firstIndex(of: "{") {
            builder.addText(rest[..<open])
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw NarrationProblem(message: "a \"{\" is never closed; a pause is written {pause:20}")
            }
            let marker = rest[rest.index(after: open)..<close]
            builder.addPause(try pauseSeconds(in: marker))
            rest = rest[rest.index(after: close)...]
        }
        if rest.contains("}") {
            throw NarrationProblem(message: "a \"}\" has no matching \"{\"; a pause is written {pause:20}")
        }
        builder.addText(rest)
        let narration = Narration(parts: builder.parts)
        if narration.wordCount == 0 { throw NarrationProblem(message: "narration has no words to speak") }
        return narration
    }

    /// The narration of a screen text: tags removed, entities decoded, placeholders (personal
    /// to each reader) dropped, a short pause between paragraphs.
    public static func fromScreenText(_ html: String) -> Narration {
        let plain = (try? TelegramHTML.plainText(of: html)) ?? html
        var builder = Builder()
        builder.addText(Substring(withoutPlaceholders(plain)))
        return Narration(parts: builder.parts)
    }

    private static func pauseSeconds(in marker: Substring) throws(NarrationProblem) -> Int {
        let prefix = "pause:"
        guard marker.hasPrefix(prefix) else {
            throw NarrationProblem(message: "unknown marker {\(marker)}: narration is the same for every listener, so only {pause:N} is allowed")
        }
        guard let seconds = Int(marker.dropFirst(prefix.count)), pauseRange.contains(seconds) else {
            throw NarrationProblem(message: "{\(marker)} must give whole seconds from \(pauseRange.lowerBound) to \(pauseRange.upperBound)")
        }
        return seconds
    }

    private static func withoutPlaceholders(_ text: String) -> String {
        var result = ""
        var inPlaceholder = false
        for character in text {
            if character == "{" { inPlaceholder = true } else if character == "}" { inPlaceholder = false } else if !inPlaceholder { result.append(character) }
        }
        return result
    }

    /// Collects parts: paragraphs become speech separated by the paragraph pause, adjacent pauses
    /// merge into the longest (a marker at a paragraph break replaces the break's short pause).
    private struct Builder {
        var parts: [Part] = []

        mutating func addText(_ text: Substring) {
            let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
            var pendingBreak = false
            for line in paragraphs {
                let words = line.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if words.isEmpty {
                    pendingBreak = true
                    continue
                }
                if pendingBreak { addPause(Narration.paragraphPause) }
                pendingBreak = false
                addSpeech(words)
            }
            if pendingBreak { addPause(Narration.paragraphPause) }
        }

        mutating func addSpeech(_ words: String) {
            if case .speech(let previous) = parts.last {
                parts[parts.count - 1] = .speech(previous + " " + words)
            } else {
                parts.append(.speech(words))
            }
        }

        mutating func addPause(_ seconds: Int) {
            guard !parts.isEmpty else { return }
            if case .pause(let previous) = parts.last {
                parts[parts.count - 1] = .pause(seconds: max(previous, seconds))
            } else {
                parts.append(.pause(seconds: seconds))
            }
        }
    }
}

/// Why a narration script cannot be used.
public struct NarrationProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
