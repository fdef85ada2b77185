package import Foundation

/// The progressive JPEG decoder, reachable from the fuzzer (same package only).
package enum ProgressiveEntryPoints {
    /// Decodes `data` at `eighths`/8 to its last row; false when the decoder leaves the file to
    /// libjpeg; throws `MediaError` for a damaged one.
    package static func decode(_ data: Data, eighths: Int, maxPixels: Int) throws -> Bool {
        try data.withUnsafeBytes { bytes in
            guard let rows = try ProgressiveJPEG.rows(bytes, eighths: eighths, crop: nil, maxPixels: maxPixels) else {
                return false
            }
            let line = UnsafeMutablePointer<UInt8>.allocate(capacity: rows.width * 3)
            defer { line.deallocate() }
            for _ in 0..<rows.height { try rows.read(into: line, stride: rows.width * 3, count: 1) }
            return true
        }
    }
}
