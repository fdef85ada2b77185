import Foundation

/// Small, well-formed media headers generated in code: the emulator reads only headers, as
/// Telegram's API front end does for sizes and durations.
enum TestMedia {
    /// A PNG signature and IHDR chunk for `width`×`height`, padded to `totalBytes`.
    static func png(width: Int, height: Int, totalBytes: Int = 64) -> Data {
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        data.append(Data("IHDR".utf8))
        data.append(bigEndian(width, 4))
        data.append(bigEndian(height, 4))
        data.append(Data([8, 2, 0, 0, 0, 0, 0, 0, 0]))
        if data.count < totalBytes { data.append(Data(repeating: 0, count: totalBytes - data.count)) }
        return data
    }

    /// A JPEG with an APP0 segment and a baseline SOF0 frame header for `width`×`height`.
    static func jpeg(width: Int, height: Int, seed: UInt8 = 0) -> Data {
        var data = Data([0xFF, 0xD8])
        data.append(Data([0xFF, 0xE0, 0x00, 0x10]))
        data.append(Data("JFIF".utf8) + Data([0, 1, 1, 0, 0, 1, 0, 1, 0, seed]))
        data.append(Data([0xFF, 0xC0, 0x00, 0x11, 0x08]))
        data.append(bigEndian(height, 2))
        data.append(bigEndian(width, 2))
        data.append(Data([0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]))
        data.append(Data([0xFF, 0xD9]))
        return data
    }

    /// MPEG-1 Layer III frames at 128 kbit/s, long enough for `seconds` of audio.
    static func mp3(seconds: Int) -> Data {
        let frame = Data([0xFF, 0xFB, 0x90, 0x64]) + Data(repeating: 0, count: 413)
        let bytesPerSecond = 128_000 / 8
        var data = Data()
        while data.count < bytesPerSecond * seconds { data.append(frame) }
        return data.prefix(bytesPerSecond * seconds)
    }

    /// An Ogg page whose granule position says `seconds` of 48 kHz Opus.
    static func oggOpus(seconds: Int) -> Data {
        var data = Data("OggS".utf8) + Data([0, 4])
        var granule = UInt64(seconds * 48_000)
        for _ in 0..<8 { data.append(UInt8(granule & 0xFF)); granule >>= 8 }
        data.append(Data(repeating: 0, count: 40))
        return data
    }

    private static func bigEndian(_ value: Int, _ count: Int) -> Data {
        Data((0..<count).reversed().map { UInt8((value >> ($0 * 8)) & 0xFF) })
    }
}
