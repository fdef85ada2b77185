/// Walks a JPEG's markers and segments.
struct MarkerReader {
    private let base: UnsafePointer<UInt8>
    private let end: Int
    private(set) var position: Int

    init(_ base: UnsafePointer<UInt8>, count: Int, at position: Int) {
        self.base = base
        end = count
        self.position = position
    }

    /// The next marker's code, skipping whatever comes before it (the rest of a scan's data,
    /// fill bytes); nil at the end of the data.
    mutating func nextMarker() -> UInt8? {
        while position &+ 1 < end {
            guard base[position] == 0xFF else {
                position &+= 1
                continue
            }
            var next = position &+ 1
            while next < end && base[next] == 0xFF { next &+= 1 }
            guard next < end else { break }
            position = next &+ 1
            if base[next] != 0 { return base[next] }
        }
        position = end
        return nil
    }

    /// The payload of the segment that follows a marker; nil when its length runs past the end.
    mutating func segment() -> UnsafeBufferPointer<UInt8>? {
        guard position &+ 2 <= end else { return nil }
        let length = Int(base[position]) << 8 | Int(base[position &+ 1])
        guard length >= 2, position &+ length <= end else { return nil }
        let payload = UnsafeBufferPointer(start: base + position + 2, count: length - 2)
        position &+= length
        return payload
    }
}

/// One component of a frame (SOF).
struct FrameComponent {
    let id: UInt8
    let horizontal: Int
    let vertical: Int
    let quantTable: Int
}

/// A frame header (SOF2), and the block grid it implies.
struct JPEGFrame {
    let width: Int
    let height: Int
    let components: [FrameComponent]
    let maxHorizontal: Int
    let maxVertical: Int

    /// nil for what the progressive decoder leaves to libjpeg: not 8-bit, no height in the
    /// header (DNL), neither one nor three components, or sampling other than 4:4:4, 4:2:2,
    /// 4:2:0 (and any for grey).
    init?(_ payload: UnsafeBufferPointer<UInt8>) {
        guard payload.count >= 6, payload[0] == 8 else { return nil }
        height = Int(payload[1]) << 8 | Int(payload[2])
        width = Int(payload[3]) << 8 | Int(payload[4])
        let count = Int(payload[5])
        guard width > 0, height > 0, count == 1 || count == 3, payload.count >= 6 + 3 * count else { return nil }
        components = (0..<count).map { index in
            let at = 6 + 3 * index
            return FrameComponent(id: payload[at], horizontal: Int(payload[at + 1] >> 4),
                                  vertical: Int(payload[at + 1] & 15), quantTable: Int(payload[at + 2]))
        }
        guard components.allSatisfy({ (1...4).contains($0.horizontal) && (1...4).contains($0.vertical) && $0.quantTable < 4 }),
              Set(components.map(\.id)).count == count else { return nil }
        maxHorizontal = components.map(\.horizontal).max() ?? 1
        maxVertical = components.map(\.vertical).max() ?? 1
        guard count == 3 else { return }
        let (luma, blue, red) = (components[0], components[1], components[2])
        let supported = [(1, 1), (2, 1), (2, 2)]
        guard luma.horizontal == maxHorizontal, luma.vertical == maxVertical,
              blue.horizontal == red.horizontal, blue.vertical == red.vertical,
              maxHorizontal % blue.horizontal == 0, maxVertical % blue.vertical == 0,
              supported.contains(where: { $0 == (maxHorizontal / blue.horizontal, maxVertical / blue.vertical) })
        else { return nil }
    }

    var mcusWide: Int { (width + 8 * maxHorizontal - 1) / (8 * maxHorizontal) }
    var mcusHigh: Int { (height + 8 * maxVertical - 1) / (8 * maxVertical) }
    var isGrey: Bool { components.count == 1 }

    /// Blocks of `component` a scan of it alone covers (interleaved scans cover whole MCUs).
    func usedBlocks(_ component: Int) -> (wide: Int, high: Int) {
        let c = components[component]
        let samplesWide = (width * c.horizontal + maxHorizontal - 1) / maxHorizontal
        let samplesHigh = (height * c.vertical + maxVertical - 1) / maxVertical
        return ((samplesWide + 7) / 8, (samplesHigh + 7) / 8)
    }

    /// Samples of `component` at `eighths`/8 scale (libjpeg's downsampled size).
    func scaledSamples(_ component: Int, eighths: Int) -> (wide: Int, high: Int) {
        let c = components[component]
        return ((width * c.horizontal * eighths + maxHorizontal * 8 - 1) / (maxHorizontal * 8),
                (height * c.vertical * eighths + maxVertical * 8 - 1) / (maxVertical * 8))
    }
}

/// A scan header (SOS) of a progressive frame.
struct ScanHeader {
    /// Indices into the frame's components.
    let components: [Int]
    let dcTables: [Int]
    let acTables: [Int]
    let spectralStart: Int
    let spectralEnd: Int
    let successiveHigh: Int
    let successiveLow: Int

    init?(_ payload: UnsafeBufferPointer<UInt8>, frame: JPEGFrame) {
        guard payload.count >= 1 else { return nil }
        let count = Int(payload[0])
        guard (1...4).contains(count), payload.count == 4 + 2 * count else { return nil }
        var components: [Int] = []
        var dc: [Int] = []
        var ac: [Int] = []
        for index in 0..<count {
            guard let component = frame.components.firstIndex(where: { $0.id == payload[1 + 2 * index] }),
                  !components.contains(component) else { return nil }
            components.append(component)
            dc.append(Int(payload[2 + 2 * index] >> 4))
            ac.append(Int(payload[2 + 2 * index] & 15))
        }
        self.components = components
        dcTables = dc
        acTables = ac
        spectralStart = Int(payload[1 + 2 * count])
        spectralEnd = Int(payload[2 + 2 * count])
        successiveHigh = Int(payload[3 + 2 * count] >> 4)
        successiveLow = Int(payload[3 + 2 * count] & 15)
        // libjpeg's progression checks (JERR_BAD_PROGRESSION).
        let isDC = spectralStart == 0
        guard spectralStart <= spectralEnd, spectralEnd <= 63, !isDC || spectralEnd == 0, isDC || count == 1,
              successiveLow <= 13, successiveHigh == 0 || successiveHigh == successiveLow + 1,
              dc.allSatisfy({ $0 < 4 }), ac.allSatisfy({ $0 < 4 }) else { return nil }
        let blocksPerMCU = components.reduce(0) { $0 + frame.components[$1].horizontal * frame.components[$1].vertical }
        guard count == 1 || blocksPerMCU <= 10 else { return nil }
    }

    var isDC: Bool { spectralStart == 0 }
    var isRefinement: Bool { successiveHigh != 0 }
}
