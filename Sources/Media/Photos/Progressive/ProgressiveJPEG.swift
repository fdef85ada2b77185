import Foundation

/// Decodes a progressive JPEG at a reduced DCT scale (1/8 ... 7/8) keeping only the coefficients
/// that scale reads (`CoefficientStore`), where libjpeg keeps every coefficient of the image
/// until its last scan; the rows then come out as libjpeg's would (`ProgressiveJPEGRows`).
/// Takes 8-bit Huffman-coded progressive files, grey or YCbCr 4:4:4, 4:2:2 or 4:2:0; anything
/// else is left to libjpeg.
enum ProgressiveJPEG {
    /// A decoder reads no more scans than this (jpegtran's scripts have about ten).
    static let maxScans = 1000

    /// The rows of `encoded` at `eighths`/8, only `crop` of them when given; nil when the file
    /// is not one this decoder takes. Every scan is decoded here: a damaged or truncated file
    /// throws (`.corrupt`), as libjpeg's decode does; so does a frame over `maxPixels` (the
    /// probe's limit, checked again for callers that skip the probe).
    static func rows(_ encoded: UnsafeRawBufferPointer, eighths: Int, crop: PixelRect?,
                     maxPixels: Int = PhotoProbe().maxPixels) throws -> ProgressiveJPEGRows? {
        guard (1...7).contains(eighths), encoded.count >= 4,
              let base = encoded.baseAddress?.assumingMemoryBound(to: UInt8.self),
              base[0] == 0xFF, base[1] == 0xD8 else { return nil }
        var file = FileState()
        var markers = MarkerReader(base, count: encoded.count, at: 2)
        while true {
            guard let marker = markers.nextMarker() else { throw corrupt("the file ends before its last marker") }
            switch marker {
            case 0xD9:
                guard let frame = file.frame, file.scans > 0 else { throw corrupt("the file has no image") }
                return try ProgressiveJPEGRows(frame: frame, stores: file.stores, eighths: eighths, crop: crop)
            case 0xC2:
                guard file.frame == nil, let payload = markers.segment() else { throw corrupt("a frame header is damaged") }
                guard let frame = JPEGFrame(payload), !file.isRGB(frame) else { return nil }
                guard frame.width * frame.height <= maxPixels else { throw corrupt("the frame is larger than allowed") }
                file.frame = frame
                file.stores = try frame.components.map {
                    try CoefficientStore(blocksWide: frame.mcusWide * $0.horizontal,
                                         blocksHigh: frame.mcusHigh * $0.vertical, side: eighths)
                }
            case 0xC0, 0xC1, 0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                return nil  // baseline, lossless, hierarchical or arithmetic-coded: libjpeg's
            case 0xD0...0xD7, 0x01:
                continue  // no segment
            case 0xDA:
                guard let payload = markers.segment() else { throw corrupt("a scan header is damaged") }
                let end = try file.decodeScan(payload, base: base, count: encoded.count, at: markers.position)
                markers = MarkerReader(base, count: encoded.count, at: end)
            default:
                guard let payload = markers.segment() else { throw corrupt("a segment runs past the end of the file") }
                try file.read(marker, payload)
            }
        }
    }

    static func corrupt(_ what: String) -> MediaError {
        MediaError(.corrupt, "Decoding the image failed (\(what)).")
    }
}

/// What the markers before a scan have set.
private struct FileState {
    var frame: JPEGFrame?
    var stores: [CoefficientStore] = []
    var quantization: [[Int]?] = [nil, nil, nil, nil]
    var dcTables: [HuffmanTable?] = [nil, nil, nil, nil]
    var acTables: [HuffmanTable?] = [nil, nil, nil, nil]
    var restartInterval = 0
    var scans = 0
    var sawJFIF = false
    var adobeTransform: Int?

    /// libjpeg's guess of a three-component file's colours: RGB, which it does not convert, is
    /// left to it.
    func isRGB(_ frame: JPEGFrame) -> Bool {
        guard frame.components.count == 3, !sawJFIF else { return false }
        if let adobeTransform { return adobeTransform == 0 }
        return frame.components.map(\.id) == [0x52, 0x47, 0x42]
    }

    mutating func read(_ marker: UInt8, _ payload: UnsafeBufferPointer<UInt8>) throws {
        switch marker {
        case 0xC4: try readHuffmanTables(payload)
        case 0xDB: try readQuantization(payload)
        case 0xDD:
            guard payload.count >= 2 else { throw ProgressiveJPEG.corrupt("a restart interval is damaged") }
            restartInterval = Int(payload[0]) << 8 | Int(payload[1])
        case 0xE0:
            if payload.count >= 5 && Array(payload.prefix(5)) == Array("JFIF\0".utf8) { sawJFIF = true }
        case 0xEE:
            if payload.count >= 12 && Array(payload.prefix(5)) == Array("Adobe".utf8) { adobeTransform = Int(payload[11]) }
        default:
            break
        }
    }

    private mutating func readHuffmanTables(_ payload: UnsafeBufferPointer<UInt8>) throws {
        var at = 0
        while at < payload.count {
            guard at + 17 <= payload.count, payload[at] >> 4 <= 1, payload[at] & 15 < 4 else {
                throw ProgressiveJPEG.corrupt("a Huffman table is damaged")
            }
            let counts = (0..<16).map { Int(payload[at + 1 + $0]) }
            let total = counts.reduce(0, +)
            guard at + 17 + total <= payload.count,
                  let table = HuffmanTable(counts: counts, symbols: Array(payload[(at + 17)..<(at + 17 + total)])) else {
                throw ProgressiveJPEG.corrupt("a Huffman table is damaged")
            }
            if payload[at] >> 4 == 0 { dcTables[Int(payload[at] & 15)] = table } else { acTables[Int(payload[at] & 15)] = table }
            at += 17 + total
        }
    }

    private mutating func readQuantization(_ payload: UnsafeBufferPointer<UInt8>) throws {
        var at = 0
        while at < payload.count {
            let wide = payload[at] >> 4 == 1
            let size = wide ? 128 : 64
            guard payload[at] >> 4 <= 1, payload[at] & 15 < 4, at + 1 + size <= payload.count else {
                throw ProgressiveJPEG.corrupt("a quantization table is damaged")
            }
            var table = [Int](repeating: 0, count: 64)
            for zigzag in 0..<64 {
                table[JPEGZigzag.natural[zigzag]] = wide
                    ? Int(payload[at + 1 + 2 * zigzag]) << 8 | Int(payload[at + 2 + 2 * zigzag])
                    : Int(payload[at + 1 + zigzag])
            }
            quantization[Int(payload[at] & 15)] = table
            at += 1 + size
        }
    }

    /// Decodes the scan whose header is `payload` from `position`; returns where its data ends.
    mutating func decodeScan(_ payload: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>, count: Int,
                             at position: Int) throws -> Int {
        guard let frame else { throw ProgressiveJPEG.corrupt("a scan comes before the frame header") }
        guard let header = ScanHeader(payload, frame: frame) else { throw ProgressiveJPEG.corrupt("a scan header is damaged") }
        scans += 1
        guard scans <= ProgressiveJPEG.maxScans else { throw ProgressiveJPEG.corrupt("the file has too many scans") }
        for component in header.components where !stores[component].hasQuantTable {
            guard let table = quantization[frame.components[component].quantTable] else {
                throw ProgressiveJPEG.corrupt("a quantization table is missing")
            }
            stores[component].latch(quantization: table)
        }
        let dc = header.dcTables.map { dcTables[$0] }
        let ac = acTables[header.acTables[0]]
        if header.isDC && !header.isRefinement && dc.contains(where: { $0 == nil }) || !header.isDC && ac == nil {
            throw ProgressiveJPEG.corrupt("a Huffman table is missing")
        }
        if !header.isDC && !stores[header.components[0]].reads(header.spectralStart...header.spectralEnd) {
            return position  // nothing the scale reads (every AC band at 1/8): the marker search passes its data
        }
        let scan = ProgressiveScan(header: header, frame: frame, stores: header.components.map { StoreView(stores[$0]) },
                                   dcTables: dc.map { $0?.view }, acTable: ac?.view, restartInterval: restartInterval)
        var reader = EntropyReader(base, count: count, at: position)
        reader = try withExtendedLifetime((dc, ac, stores)) { try scan.decode(reader) }
        guard !reader.ranOut else { throw ProgressiveJPEG.corrupt("the file is truncated") }
        return reader.position
    }
}
