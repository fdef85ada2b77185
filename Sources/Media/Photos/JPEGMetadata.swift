/// What a JPEG's marker segments before its first scan say about how to show it: the EXIF
/// orientation (first APP1 "Exif" segment, IFD0 tag 0x0112) and whether an ICC profile is
/// embedded (an APP2 "ICC_PROFILE" segment). Every length and offset is checked against the
/// bytes, so forged or truncated metadata reads as "upright, no profile".
struct JPEGMetadata: Equatable {
    /// 1 (upright) ... 8; 1 when absent or unreadable.
    var orientation = 1
    var hasColourProfile = false

    init(orientation: Int = 1, hasColourProfile: Bool = false) {
        self.orientation = orientation
        self.hasColourProfile = hasColourProfile
    }

    /// Walks the segments from SOI to the first SOS (or EOI, or the end of the bytes).
    init(jpeg bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return }
        var seenExif = false
        var index = 2
        while let marker = Self.nextMarker(bytes, from: &index) {
            if marker == 0xDA || marker == 0xD9 { return }  // SOS, EOI
            if marker == 0x01 || (0xD0...0xD8).contains(marker) { continue }  // no length
            guard index + 2 <= bytes.count else { return }
            let length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            guard length >= 2, index + length <= bytes.count else { return }
            let segment = UnsafeRawBufferPointer(rebasing: bytes[(index + 2)..<(index + length)])
            if marker == 0xE1, !seenExif, segment.starts(with: Self.exifHeader) {
                seenExif = true
                orientation = Self.orientation(exif: segment)
            } else if marker == 0xE2, segment.starts(with: Self.iccHeader) {
                hasColourProfile = true
            }
            index += length
        }
    }

    private static let exifHeader: [UInt8] = Array("Exif\0\0".utf8)
    private static let iccHeader: [UInt8] = Array("ICC_PROFILE\0".utf8)

    /// The marker code at `index` (skipping stray bytes and 0xFF fill, as libjpeg does), with
    /// `index` moved past it; nil at the end of the bytes.
    private static func nextMarker(_ bytes: UnsafeRawBufferPointer, from index: inout Int) -> UInt8? {
        while index < bytes.count && bytes[index] != 0xFF { index += 1 }
        while index < bytes.count && bytes[index] == 0xFF { index += 1 }
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    /// The Orientation tag of IFD0 in an APP1 "Exif" segment's TIFF structure.
    private static func orientation(exif segment: UnsafeRawBufferPointer) -> Int {
        let tiff = TIFFReader(UnsafeRawBufferPointer(rebasing: segment.dropFirst(exifHeader.count)))
        guard let tiff, tiff.uint16(at: 2) == 42, let ifd = tiff.uint32(at: 4).map(Int.init),
              let entries = tiff.uint16(at: ifd) else { return 1 }
        for entry in stride(from: ifd + 2, to: ifd + 2 + entries * 12, by: 12) {
            guard entry + 12 <= tiff.bytes.count, let tag = tiff.uint16(at: entry), let type = tiff.uint16(at: entry + 2) else { return 1 }
            guard tag == 0x0112 else { continue }
            let value = type == 3 ? tiff.uint16(at: entry + 8)      // SHORT
                      : type == 4 ? tiff.uint32(at: entry + 8).map(Int.init)  // LONG
                      : nil
            return value.flatMap { (1...8).contains($0) ? $0 : nil } ?? 1
        }
        return 1
    }
}

/// Reads TIFF integers in the byte order the header names; nil for any read past the end.
private struct TIFFReader {
    let bytes: UnsafeRawBufferPointer
    let littleEndian: Bool

    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 8 else { return nil }
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): littleEndian = true   // "II"
        case (0x4D, 0x4D): littleEndian = false  // "MM"
        default: return nil
        }
        self.bytes = bytes
    }

    func uint16(at offset: Int) -> Int? {
        guard offset >= 0, offset <= bytes.count - 2 else { return nil }
        let (first, second) = (Int(bytes[offset]), Int(bytes[offset + 1]))
        return littleEndian ? first | second << 8 : first << 8 | second
    }

    func uint32(at offset: Int) -> UInt32? {
        guard let low = uint16(at: littleEndian ? offset : offset + 2),
              let high = uint16(at: littleEndian ? offset + 2 : offset) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }
}
