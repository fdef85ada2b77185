import Foundation

/// Rough audio durations, as Telegram fills `duration` when the bot does not send one.
enum AudioDuration {
    /// MP3: from the first MPEG audio frame header's bitrate (constant-bitrate estimate), after an
    /// optional ID3v2 tag. Nil when no frame header is found.
    static func mp3(_ data: Data) -> Int? {
        let bytes = [UInt8](data.prefix(64 * 1024))
        var start = 0
        if bytes.count > 10, bytes[0] == 0x49, bytes[1] == 0x44, bytes[2] == 0x33 {
            // ID3v2 size is four 7-bit bytes.
            let size = (Int(bytes[6]) << 21) | (Int(bytes[7]) << 14) | (Int(bytes[8]) << 7) | Int(bytes[9])
            start = 10 + size
        }
        var index = start
        while index + 4 <= bytes.count {
            if bytes[index] == 0xFF, bytes[index + 1] & 0xE0 == 0xE0, let bitrate = bitrate(bytes, index) {
                let audioBytes = data.count - index
                return max(1, Int((Double(audioBytes) * 8 / Double(bitrate)).rounded()))
            }
            index += 1
        }
        return nil
    }

    /// Bits per second of an MPEG-1/2 Layer III frame header at `index`.
    private static func bitrate(_ bytes: [UInt8], _ index: Int) -> Int? {
        let version = (bytes[index + 1] >> 3) & 0x03   // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
        let layer = (bytes[index + 1] >> 1) & 0x03     // 1 = Layer III
        let bitrateIndex = Int(bytes[index + 2] >> 4)
        guard layer == 1, version != 1, bitrateIndex > 0, bitrateIndex < 15 else { return nil }
        let mpeg1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
        let mpeg2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
        return (version == 3 ? mpeg1 : mpeg2)[bitrateIndex] * 1000
    }

    /// OGG/Opus: the granule position of the last page, in 48 kHz samples.
    static func oggOpus(_ data: Data) -> Int? {
        let bytes = [UInt8](data.suffix(64 * 1024))
        let capture: [UInt8] = [0x4F, 0x67, 0x67, 0x53]  // "OggS"
        var index = bytes.count - 14
        while index >= 0 {
            if Array(bytes[index..<(index + 4)]) == capture {
                let granule = (0..<8).reduce(UInt64(0)) { $0 | (UInt64(bytes[index + 6 + $1]) << (8 * UInt64($1))) }
                guard granule != UInt64.max else { return nil }
                return max(1, Int((Double(granule) / 48_000).rounded()))
            }
            index -= 1
        }
        return nil
    }
}
