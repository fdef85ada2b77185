import CJpeg
import Foundation

/// Small generated photos of a tray (soil with green dots), different for every seed, so each
/// upload is a new photo rather than a duplicate.
enum WalkPhotos {
    static func jpeg(seed: UInt64, width: Int = 160, height: Int = 120) -> Data? {
        var random = WalkRandom(seed: seed)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let dots = (0..<12).map { _ in
            (x: Int.random(in: 0..<width, using: &random), y: Int.random(in: 0..<height, using: &random),
             r: Int.random(in: 3...14, using: &random))
        }
        for y in 0..<height {
            for x in 0..<width {
                let green = dots.contains { ($0.x - x) * ($0.x - x) + ($0.y - y) * ($0.y - y) < $0.r * $0.r }
                let i = (y * width + x) * 3
                let shade = UInt8((x * 3 + y * 5) % 20)
                pixels[i] = green ? 60 + shade : 110 + shade
                pixels[i + 1] = green ? 170 + shade : 80 + shade
                pixels[i + 2] = green ? 50 : 55
            }
        }
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = sg_jpeg_encode_rgb(pixels, Int32(width), Int32(height), width * 3, 85, &output, &length,
                                        &error, error.count)
        guard status == 0, let output else { return nil }
        defer { free(output) }
        return Data(bytes: output, count: length)
    }
}
