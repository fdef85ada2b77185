import Foundation
@testable import Media

/// Generated photos of sprouts for the diary's end-to-end tests: brown soil with green leaves
/// that grow with `day`, so every day gives a different photo (and a different SHA-256).
enum SproutPhotos {
    /// A 4:3 landscape (or 3:4 portrait) photo drawn small and scaled up to `width`.
    static func image(day: Int, width: Int = 640, portrait: Bool = false) throws -> FixtureImage {
        let (w, h) = portrait ? (90, 120) : (120, 90)
        var samples = [UInt8](repeating: 0, count: w * h * 3)
        let leaves = (0..<(3 + day)).map { index in
            (x: Double((index * 37 + day * 11) % w), y: Double((index * 53 + day * 7) % h),
             r: 4.0 + Double(day) * 1.5 + Double(index % 3))
        }
        for y in 0..<h {
            for x in 0..<w {
                let green = leaves.contains { pow(Double(x) - $0.x, 2) + pow(Double(y) - $0.y, 2) < $0.r * $0.r }
                let i = (y * w + x) * 3
                let shade = (x * 3 + y * 5) % 20
                samples[i] = UInt8(green ? 60 + shade : 110 + shade)
                samples[i + 1] = UInt8(green ? 170 + shade : 80 + shade)
                samples[i + 2] = UInt8(green ? 50 : 55)
            }
        }
        let small = try FixtureImage.fromPixels(samples, width: w, height: h, bands: 3, interpretation: .srgb)
        let scale = Double(width) / Double(w)
        return try small.resampled(width: width, height: Int(Double(h) * scale))
    }

    static func jpeg(day: Int, width: Int = 640, portrait: Bool = false) throws -> Data {
        try image(day: day, width: width, portrait: portrait).encoded(as: ".jpg[Q=90]")
    }

    /// The photo in another format: ".png", ".webp[Q=90]", ".heic[Q=90]".
    static func encoded(day: Int, as suffix: String) throws -> Data {
        try image(day: day).encoded(as: suffix)
    }

    /// A 7000×6000 PNG (42 megapixels, over the diary's 40), cheap to make: one flat colour.
    static func hugePNG() throws -> Data {
        let pixel = try FixtureImage.fromPixels([UInt8](repeating: 90, count: 3 * 4), width: 2, height: 2, bands: 3,
                                             interpretation: .srgb)
        return try pixel.resampled(width: 7000, height: 6000).encoded(as: ".png[compression=1]")
    }

    /// A two-frame animated GIF (frames stacked, `page-height` telling them apart).
    static func animatedGIF() throws -> Data {
        let frames = try image(day: 1, width: 64).resampled(width: 64, height: 96)
        return try frames.settingInteger("page-height", to: 48).encoded(as: ".gif")
    }
}
