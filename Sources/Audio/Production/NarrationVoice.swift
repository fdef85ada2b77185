/// The placeholder TTS voice for a locale: espeak-ng, slowed down and lowered for a calm read.
struct NarrationVoice: Sendable, Equatable {
    /// espeak-ng voice name.
    let espeakVoice: String
    /// Words per minute (espeak's default is 175; 125–135 sounds unhurried).
    let wordsPerMinute: Int
    /// 0–99; 50 is espeak's default.
    let pitch: Int
    /// Extra pause between words, in units of 10 ms.
    let wordGap: Int

    /// The `narrator` the manifest records for tracks this voice speaks.
    var narrator: String { "espeak-ng \(espeakVoice) (placeholder voice)" }

    init(espeakVoice: String, wordsPerMinute: Int, pitch: Int, wordGap: Int) {
        self.espeakVoice = espeakVoice
        self.wordsPerMinute = wordsPerMinute
        self.pitch = pitch
        self.wordGap = wordGap
    }

    /// Voices per locale; a locale without one is not narrated.
    static let byLocale: [String: NarrationVoice] = [
        "ru": NarrationVoice(espeakVoice: "ru", wordsPerMinute: 130, pitch: 38, wordGap: 3),
        "en": NarrationVoice(espeakVoice: "en-gb", wordsPerMinute: 135, pitch: 38, wordGap: 3),
    ]
}
