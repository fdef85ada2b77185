import Foundation

extension CoverageMask {
    /// A filled polygon as a coverage mask over its bounding box (4×4 samples a pixel, even-odd),
    /// and where to paint it: drawn shapes (the card's plants) are painted like captions.
    static func polygon(_ points: [Point]) throws -> (mask: CoverageMask, x: Int, y: Int)? {
        guard points.count >= 3, let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
              let minY = points.map(\.y).min(), let maxY = points.map(\.y).max() else { return nil }
        let left = Int(minX.rounded(.down)), top = Int(minY.rounded(.down))
        let width = Int(maxX.rounded(.up)) - left + 1, height = Int(maxY.rounded(.up)) - top + 1
        guard (1...4096).contains(width), (1...4096).contains(height) else { return nil }
        guard let memory = calloc(width * height, 1) else {
            throw MediaError(.processing, "Drawing a shape failed (out of memory).")
        }
        let bytes = memory.assumingMemoryBound(to: UInt8.self)
        let samples = 4
        var counts = [Int](repeating: 0, count: width)
        var crossings: [Double] = []
        for row in 0..<height {
            for index in counts.indices { counts[index] = 0 }
            for sub in 0..<samples {
                let y = Double(top + row) + (Double(sub) + 0.5) / Double(samples)
                crossings.removeAll(keepingCapacity: true)
                for index in points.indices {
                    let a = points[index], b = points[(index + 1) % points.count]
                    if (a.y <= y) != (b.y <= y) { crossings.append(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x)) }
                }
                crossings.sort()
                var pair = 0
                while pair + 1 < crossings.count {
                    // Sub-columns whose centres fall inside the span.
                    let first = Int(((crossings[pair] - Double(left)) * Double(samples) - 0.5).rounded(.up))
                    let last = Int(((crossings[pair + 1] - Double(left)) * Double(samples) - 0.5).rounded(.down))
                    if first <= last {
                        for column in max(first, 0)...min(last, width * samples - 1) { counts[column / samples] += 1 }
                    }
                    pair += 2
                }
            }
            let area = samples * samples
            for column in 0..<width { bytes[row * width + column] = UInt8(min(255, counts[column] * 255 / area)) }
        }
        return (CoverageMask(width: width, height: height, owning: bytes), left, top)
    }
}

extension PixelCanvas {
    /// Fills a polygon, anti-aliased.
    func fill(_ polygon: [Point], colour: RGB, opacity: Int = 255) throws {
        guard let shape = try CoverageMask.polygon(polygon) else { return }
        paint(shape.mask, x: shape.x, y: shape.y, colour: colour, opacity: opacity)
    }
}
