import Foundation

/// Width and height read from a JPEG or PNG header, the way Telegram learns a photo's size.
struct ImageHeader: Equatable {
    var width: Int
    var height: Int
    var mimeType: String

    init(width: Int, height: Int, mimeType: String) {
        self.width = width
        self.height = height
        self.mimeType = mimeType
    }

    /// Nil when the data is neither a PNG nor a JPEG with a frame header.
    init?(_ data: Data) {
        let bytes = [UInt8](data.prefix(512 * 1024))
        if let png = Self.png(bytes) { self = png; return }
        if let jpeg = Self.jpeg(bytes) { self = jpeg; return }
        return nil
    }

    private static func png(_ bytes: [UInt8]) -> ImageHeader? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 24, Array(bytes[0..<8]) == signature, String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR"
        else { return nil }
        let width = bigEndian(bytes, 16, 4)
        let height = bigEndian(bytes, 20, 4)
        return ImageHeader(width: width, height: height, mimeType: "image/png")
    }

    /// Walks the JPEG marker segments to the first start-of-frame (SOF0…SOF15 except DHT, JPG, DAC).
    private static func jpeg(_ bytes: [UInt8]) -> ImageHeader? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var index = 2
        while index + 9 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            if marker == 0xFF { index += 1; continue }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { index += 2; continue }
            let length = bigEndian(bytes, index + 2, 2)
            let isFrame = (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
            if isFrame {
                let height = bigEndian(bytes, index + 5, 2)
                let width = bigEndian(bytes, index + 7, 2)
                return ImageHeader(width: width, height: height, mimeType: "image/jpeg")
            }
            guard length >= 2 else { return nil }
            index += 2 + length
        }
        return nil
    }

    private static func bigEndian(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int {
        (0..<count).reduce(0) { ($0 << 8) | Int(bytes[start + $1]) }
    }
}
