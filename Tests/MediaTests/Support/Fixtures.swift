import Foundation
@testable import Media

/// Generated test images: every fixture is drawn in memory and encoded with libvips.
enum Fixtures {
    /// 8-bit RGB colour.
    struct Colour: Equatable, CustomStringConvertible {
        let r: Int, g: Int, b: Int
        init(_ r: Int, _ g: Int, _ b: Int) { self.r = r; self.g = g; self.b = b }
        var description: String { "(\(r), \(g), \(b))" }

        static let red = Colour(220, 30, 30)
        static let green = Colour(40, 200, 40)
        static let blue = Colour(30, 40, 220)
        static let white = Colour(245, 245, 245)
        static let soil = Colour(120, 90, 60)

        func distance(to other: Colour) -> Int {
            max(abs(r - other.r), abs(g - other.g), abs(b - other.b))
        }
    }

    /// An image whose pixel at (x, y) is `colour(x, y)`.
    static func image(width: Int, height: Int, _ colour: (Int, Int) -> Colour) throws -> FixtureImage {
        var samples = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let c = colour(x, y)
                let i = (y * width + x) * 3
                samples[i] = UInt8(c.r)
                samples[i + 1] = UInt8(c.g)
                samples[i + 2] = UInt8(c.b)
            }
        }
        return try FixtureImage.fromPixels(samples, width: width, height: height, bands: 3, interpretation: .srgb)
    }

    static func solid(_ colour: Colour, width: Int = 64, height: Int = 48) throws -> FixtureImage {
        try image(width: width, height: height) { _, _ in colour }
    }

    static func jpeg(_ image: FixtureImage, quality: Int = 95) throws -> Data {
        try image.encoded(as: ".jpg[Q=\(quality)]")
    }

    /// A noisy photo-like JPEG (so that its entropy-coded data is long enough to cut).
    static func noisyJPEG(width: Int = 320, height: Int = 240) throws -> Data {
        var state: UInt32 = 12345
        return try jpeg(image(width: width, height: height) { x, y in
            state = state &* 1_103_515_245 &+ 12345
            let n = Int(state >> 24) % 60
            return Colour(100 + n, (x + y) % 200, 60 + n)
        })
    }

    /// Upright layout with a distinct colour per quadrant, to see any rotation or mirror.
    static func quadrantColour(x: Int, y: Int, width: Int, height: Int) -> Colour {
        switch (x < width / 2, y < height / 2) {
        case (true, true): .red
        case (false, true): .green
        case (true, false): .blue
        case (false, false): .white
        }
    }

    /// Stores the upright quadrant image the way a camera does for EXIF `orientation`: the
    /// pixels are kept unrotated and the tag says how to display them.
    static func orientedJPEG(orientation: Int, uprightWidth: Int = 160, uprightHeight: Int = 96) throws -> Data {
        let swaps = orientation >= 5
        let (storedWidth, storedHeight) = swaps ? (uprightHeight, uprightWidth) : (uprightWidth, uprightHeight)
        let stored = try image(width: storedWidth, height: storedHeight) { sx, sy in
            let (dx, dy) = displayPosition(x: sx, y: sy, width: storedWidth, height: storedHeight, orientation: orientation)
            return quadrantColour(x: dx, y: dy, width: uprightWidth, height: uprightHeight)
        }
        return try jpeg(stored.settingInteger("orientation", to: orientation))
    }

    /// Where the stored pixel (x, y) is shown once EXIF `orientation` is applied.
    static func displayPosition(x: Int, y: Int, width: Int, height: Int, orientation: Int) -> (Int, Int) {
        switch orientation {
        case 2: (width - 1 - x, y)
        case 3: (width - 1 - x, height - 1 - y)
        case 4: (x, height - 1 - y)
        case 5: (y, x)
        case 6: (height - 1 - y, x)
        case 7: (height - 1 - y, width - 1 - x)
        case 8: (y, width - 1 - x)
        default: (x, y)
        }
    }
}

/// Decoded 8-bit sRGB pixels of an encoded image, for checking results.
struct Pixels {
    let width: Int
    let height: Int
    let bytes: [UInt8]

    /// Decoded by libvips (not the decoder under test for plain JPEGs).
    init(_ encoded: Data) throws {
        let image = try LibvipsDecoder.decode(.bytes(encoded))
        width = image.width
        height = image.height
        bytes = [UInt8](UnsafeBufferPointer(start: image.bytes, count: image.width * image.height * 3))
    }

    subscript(x: Int, y: Int) -> Fixtures.Colour {
        let i = (y * width + x) * 3
        return Fixtures.Colour(Int(bytes[i]), Int(bytes[i + 1]), Int(bytes[i + 2]))
    }

    /// Mean colour of a rectangle.
    func mean(x: Int = 0, y: Int = 0, width w: Int? = nil, height h: Int? = nil) -> Fixtures.Colour {
        let w = w ?? width - x, h = h ?? height - y
        var sum = (0, 0, 0)
        for row in y..<(y + h) {
            for col in x..<(x + w) {
                let c = self[col, row]
                sum = (sum.0 + c.r, sum.1 + c.g, sum.2 + c.b)
            }
        }
        let n = w * h
        return Fixtures.Colour(sum.0 / n, sum.1 / n, sum.2 / n)
    }

    /// Brightest green-channel value... of the whole rectangle's lightest pixel (max of r+g+b).
    func lightest(x: Int, y: Int, width w: Int, height h: Int) -> Fixtures.Colour {
        var best = Fixtures.Colour(0, 0, 0)
        for row in y..<(y + h) {
            for col in x..<(x + w) {
                let c = self[col, row]
                if c.r + c.g + c.b > best.r + best.g + best.b { best = c }
            }
        }
        return best
    }

    func darkest(x: Int, y: Int, width w: Int, height h: Int) -> Fixtures.Colour {
        var best = Fixtures.Colour(255, 255, 255)
        for row in y..<(y + h) {
            for col in x..<(x + w) {
                let c = self[col, row]
                if c.r + c.g + c.b < best.r + best.g + best.b { best = c }
            }
        }
        return best
    }
}

/// The JPEG segments before the image data: marker byte and payload.
struct JPEGSegments {
    let markers: [(marker: UInt8, payload: Data)]

    init(_ data: Data) {
        let bytes = [UInt8](data)
        var found: [(UInt8, Data)] = []
        var i = 2  // after SOI
        while i + 4 <= bytes.count, bytes[i] == 0xFF {
            let marker = bytes[i + 1]
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            found.append((marker, Data(bytes[(i + 4)..<min(bytes.count, i + 2 + length)])))
            if marker == 0xDA { break }  // start of scan: entropy-coded data follows
            i += 2 + length
        }
        markers = found
    }

    var markerBytes: [UInt8] { markers.map(\.marker) }
}
