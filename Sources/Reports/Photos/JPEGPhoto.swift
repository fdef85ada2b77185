public import Foundation

/// A stored JPEG file with the pixel size read from its frame header.
///
/// libharu embeds the file unchanged (`HPDF_LoadJpegImageFromFile`), so the PDF holds the
/// photo as DCT data without re-encoding. Reading the header here lets layout place the photo
/// before libharu sees it, and turns a PNG or a truncated file into a clear error instead of
/// libharu's silent NULL. Only the first 64 KB are read unless the header lies further in.
public struct JPEGPhoto: Sendable {
    public let url: URL
    public let width: Int
    public let height: Int
    public let components: Int

    /// Reads and checks a JPEG file's header; `name` is what error messages call it.
    public init(contentsOf url: URL, name: String) throws {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw ReportsError.photoUnreadable(name, reason: "the file cannot be read")
        }
        defer { try? handle.close() }
        var frame: (width: Int, height: Int, components: Int)?
        do {
            let head = try handle.read(upToCount: 64 * 1024) ?? Data()
            frame = Self.frameHeader(head)
            if frame == nil, head.count == 64 * 1024 {
                frame = Self.frameHeader(head + (try handle.readToEnd() ?? Data()))
            }
        } catch {
            throw ReportsError.photoUnreadable(name, reason: "the file cannot be read")
        }
        try self.init(url: url, frame: frame, name: name)
    }

    private init(url: URL, frame: (width: Int, height: Int, components: Int)?, name: String) throws {
        self.url = url
        guard let frame else {
            throw ReportsError.photoUnreadable(name, reason: "it is not a baseline or progressive JPEG")
        }
        guard frame.width > 0, frame.height > 0, [1, 3].contains(frame.components) else {
            throw ReportsError.photoUnreadable(name, reason: "its JPEG header has no usable size or colour model")
        }
        (width, height, components) = frame
    }

    /// Finds the SOFn marker and reads height, width and component count.
    private static func frameHeader(_ data: Data) -> (width: Int, height: Int, components: Int)? {
        let bytes = [UInt8](data)
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var index = 2
        while index + 9 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            if marker == 0xFF { index += 1; continue }  // fill byte
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 { index += 2; continue }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            let isFrame = (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
            if isFrame {
                guard marker <= 0xC2 else { return nil }  // lossless / arithmetic: not for PDF viewers
                let height = Int(bytes[index + 5]) << 8 | Int(bytes[index + 6])
                let width = Int(bytes[index + 7]) << 8 | Int(bytes[index + 8])
                return (width, height, Int(bytes[index + 9]))
            }
            if marker == 0xDA || marker == 0xD9 || length < 2 { return nil }  // scan before a frame
            index += 2 + length
        }
        return nil
    }
}
