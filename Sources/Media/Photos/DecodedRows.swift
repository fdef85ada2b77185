import Foundation

/// The rows of a decoded photo, asked for top to bottom: a whole buffer (libvips), or libjpeg
/// decoding as it goes, which keeps only the rows a resize still reads.
protocol DecodedRows {
    var width: Int { get }
    var height: Int { get }
    /// Bytes from one row to the next in what `rows` returns.
    var stride: Int { get }
    /// Row `range.lowerBound`, with the rows through `range.upperBound` after it. A range never
    /// starts above an earlier one's start.
    mutating func rows(_ range: Range<Int>) throws -> UnsafePointer<UInt8>
}

/// A rectangle of a decoded buffer.
struct BufferRows: DecodedRows {
    let pixels: RGBPixels
    let rect: PixelRect

    init(_ pixels: RGBPixels, crop: PixelRect? = nil) {
        self.pixels = pixels
        rect = crop ?? PixelRect(left: 0, top: 0, width: pixels.width, height: pixels.height)
    }

    var width: Int { rect.width }
    var height: Int { rect.height }
    var stride: Int { pixels.stride }

    func rows(_ range: Range<Int>) throws -> UnsafePointer<UInt8> {
        guard range.lowerBound >= 0, range.upperBound <= height else {
            throw MediaError(.processing, "Rows \(range) are outside the \(width)x\(height) image.")
        }
        return UnsafePointer(pixels.bytes + (rect.top + range.lowerBound) * pixels.stride + rect.left * 3)
    }
}

/// A decoder handing out a JPEG's rows top to bottom: libjpeg, or the progressive decoder.
protocol JPEGRowSource: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// The next `count` rows into `pixels`, lines `stride` bytes apart.
    func read(into pixels: UnsafeMutablePointer<UInt8>, stride: Int, count: Int) throws
    /// Decodes the rest of the file, so that a truncated one fails.
    func finish() throws
}

/// A decoder's rows as it decodes them, in a window that holds only the rows still asked for.
final class StreamedJPEGRows: DecodedRows {
    private let decoder: any JPEGRowSource
    private var window: UnsafeMutablePointer<UInt8>?
    private var capacity = 0
    /// The window holds rows [top, top + count).
    private var top = 0
    private var count = 0

    init(_ decoder: any JPEGRowSource) {
        self.decoder = decoder
    }

    deinit {
        free(window)
    }

    var width: Int { decoder.width }
    var height: Int { decoder.height }
    var stride: Int { decoder.width * 3 }
    /// The most rows the window has held at once.
    var heldRows: Int { capacity }

    func rows(_ range: Range<Int>) throws -> UnsafePointer<UInt8> {
        guard range.lowerBound >= top, range.upperBound <= height else {
            throw MediaError(.processing, "Rows \(range) were already dropped or are outside the image.")
        }
        try reserve(range.count)
        guard let window else { throw MediaError(.processing, "There is not enough memory for the decoded rows.") }
        let dropped = min(range.lowerBound - top, count)
        if dropped > 0 {
            memmove(window, window + dropped * stride, (count - dropped) * stride)
            (top, count) = (top + dropped, count - dropped)
        }
        while top < range.lowerBound {  // rows no one reads (a crop's top is never decoded)
            try decoder.read(into: window, stride: stride, count: 1)
            top += 1
        }
        let missing = range.upperBound - (top + count)
        if missing > 0 {
            try decoder.read(into: window + count * stride, stride: stride, count: missing)
            count += missing
        }
        return UnsafePointer(window)
    }

    /// Decodes the rest of the file, so that a truncated one fails.
    func finish() throws {
        try decoder.finish()
    }

    private func reserve(_ rows: Int) throws {
        guard rows > capacity else { return }
        guard let grown = realloc(window, rows * stride) else {
            throw MediaError(.processing, "There is not enough memory for \(rows) decoded rows.")
        }
        window = grown.assumingMemoryBound(to: UInt8.self)
        capacity = rows
    }
}
