/// The format every catalog track must have, so Telegram's player and every phone handle it and
/// durations computed from frames are exact: MPEG-1 Layer III, 44.1 or 48 kHz, 128 kbps CBR.
package enum MP3Requirements {
    static let sampleRates: Set<Int> = [44100, 48000]
    static let bitrateKbps = 128

    /// Sentences naming every way the stream misses the requirements (empty when it meets them).
    package static func problems(with stream: MP3Stream) -> [String] {
        var problems: [String] = []
        if stream.version != "MPEG-1" || stream.layer != 3 {
            problems.append("is \(stream.version) Layer \(roman(stream.layer)); tracks must be MPEG-1 Layer III")
        }
        if !sampleRates.contains(stream.sampleRate) {
            problems.append("is sampled at \(stream.sampleRate) Hz; tracks must be 44100 or 48000 Hz")
        }
        if !stream.isConstantBitrate || stream.bitratesKbps != [bitrateKbps] {
            let rates = stream.bitratesKbps.sorted().map(String.init).joined(separator: "/")
            let kind = stream.isConstantBitrate ? "CBR" : "VBR"
            problems.append("is \(rates) kbps \(kind); tracks must be \(bitrateKbps) kbps CBR")
        }
        return problems
    }

    private static func roman(_ layer: Int) -> String {
        ["I", "II", "III"].indices.contains(layer - 1) ? ["I", "II", "III"][layer - 1] : String(layer)
    }
}
