/// One MPEG audio frame header (4 bytes), decoded. Only the fields the catalog checks.
struct MPEGFrameHeader: Equatable {
    enum Version: Equatable, CustomStringConvertible {
        case mpeg1, mpeg2, mpeg25

        var description: String {
            switch self {
            case .mpeg1: "MPEG-1"
            case .mpeg2: "MPEG-2"
            case .mpeg25: "MPEG-2.5"
            }
        }
    }

    let version: Version
    /// 1, 2 or 3.
    let layer: Int
    let bitrateKbps: Int
    let sampleRate: Int
    let hasPadding: Bool
    let isMono: Bool

    /// Decodes the 4 bytes at `offset`; nil when they are not a usable frame header (no sync,
    /// reserved values, or the free-format bitrate, whose frame length cannot be known).
    init?(_ bytes: [UInt8], at offset: Int) {
        guard offset + 4 <= bytes.count, bytes[offset] == 0xFF, bytes[offset + 1] & 0xE0 == 0xE0 else { return nil }
        let b1 = bytes[offset + 1], b2 = bytes[offset + 2], b3 = bytes[offset + 3]
        switch (b1 >> 3) & 0x03 {
        case 0b11: version = .mpeg1
        case 0b10: version = .mpeg2
        case 0b00: version = .mpeg25
        default: return nil
        }
        switch (b1 >> 1) & 0x03 {
        case 0b01: layer = 3
        case 0b10: layer = 2
        case 0b11: layer = 1
        default: return nil
        }
        let bitrateIndex = Int(b2 >> 4)
        let rateIndex = Int((b2 >> 2) & 0x03)
        guard (1...14).contains(bitrateIndex), rateIndex < 3 else { return nil }
        bitrateKbps = Self.bitrates(version: version, layer: layer)[bitrateIndex]
        let baseRates = [44100, 48000, 32000]
        switch version {
        case .mpeg1: sampleRate = baseRates[rateIndex]
        case .mpeg2: sampleRate = baseRates[rateIndex] / 2
        case .mpeg25: sampleRate = baseRates[rateIndex] / 4
        }
        hasPadding = (b2 >> 1) & 0x01 == 1
        isMono = (b3 >> 6) == 0b11
    }

    /// Bitrate table (kbps) by index 0...15 for a version and layer.
    private static func bitrates(version: Version, layer: Int) -> [Int] {
        switch (version, layer) {
        case (.mpeg1, 1): [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, 0]
        case (.mpeg1, 2): [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 0]
        case (.mpeg1, _): [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0]
        case (_, 1): [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256, 0]
        default: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0]
        }
    }

    /// PCM samples one frame carries.
    var samplesPerFrame: Int {
        switch layer {
        case 1: 384
        case 2: 1152
        default: version == .mpeg1 ? 1152 : 576
        }
    }

    /// Bytes in the whole frame, header included.
    var frameLength: Int {
        let padding = hasPadding ? 1 : 0
        if layer == 1 { return (12 * bitrateKbps * 1000 / sampleRate + padding) * 4 }
        return samplesPerFrame / 8 * bitrateKbps * 1000 / sampleRate + padding
    }

    /// Where a Xing/Info tag would start inside a Layer III frame (after the side information).
    var sideInfoEnd: Int {
        switch (version == .mpeg1, isMono) {
        case (true, false): 4 + 32
        case (true, true): 4 + 17
        case (false, false): 4 + 17
        case (false, true): 4 + 9
        }
    }

    /// Fields that must not change between the frames of one stream.
    func sameStream(as other: MPEGFrameHeader) -> Bool {
        version == other.version && layer == other.layer && sampleRate == other.sampleRate
    }
}
