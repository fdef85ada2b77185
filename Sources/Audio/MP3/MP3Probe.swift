package import Foundation

/// Reads an MP3 file frame by frame, the way a player would, without decoding audio: skips an
/// ID3v2 tag, recognises Xing/Info/VBRI header frames, walks every frame header to the end and
/// accepts only ID3v1/APE tags after the last frame. Anything else is a damaged file.
package enum MP3Probe {
    /// The stream of an MP3 file's bytes, or why it is not a sound MP3.
    package static func inspect(_ data: Data) throws(AudioError) -> MP3Stream {
        var walker = Walker(bytes: [UInt8](data))
        return try walker.run()
    }

    /// The stream of an MP3 file on disk.
    package static func inspect(fileAt url: URL) throws(AudioError) -> MP3Stream {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AudioError(.io, "cannot read \(url.lastPathComponent)")
        }
        return try inspect(data)
    }

    private struct Walker {
        let bytes: [UInt8]
        var declaredFrames: Int?
        var declaresVariableBitrate = false

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() throws(AudioError) -> MP3Stream {
            var offset = try audioStart()
            guard let first = MPEGFrameHeader(bytes, at: offset) else { throw notAudio(at: offset) }
            if let tagFrame = headerFrameLength(first, at: offset) {
                offset += tagFrame
            }
            var frames = 0
            var bitrates = Set<Int>()
            while offset < bytes.count {
                if isTrailingTag(at: offset) { break }
                guard let header = MPEGFrameHeader(bytes, at: offset), header.sameStream(as: first) else {
                    throw AudioError(.damagedMP3, "lost frame sync at byte \(offset) after \(frames) frames: the file is damaged or has data between frames")
                }
                let end = offset + header.frameLength
                if end > bytes.count {
                    throw AudioError(.damagedMP3, "truncated: frame \(frames + 1) needs \(header.frameLength) bytes but only \(bytes.count - offset) remain")
                }
                frames += 1
                bitrates.insert(header.bitrateKbps)
                offset = end
            }
            guard frames > 0 else { throw AudioError(.damagedMP3, "no audio frames after the header") }
            if let declaredFrames, abs(declaredFrames - frames) > 1 {
                throw AudioError(.damagedMP3, "truncated: the header promises \(declaredFrames) frames but the file has \(frames)")
            }
            return MP3Stream(version: first.version.description, layer: first.layer, sampleRate: first.sampleRate,
                             bitratesKbps: bitrates, declaresVariableBitrate: declaresVariableBitrate, isMono: first.isMono,
                             audioFrames: frames,
                             durationSeconds: Double(frames * first.samplesPerFrame) / Double(first.sampleRate))
        }

        /// The offset of the first frame: after an ID3v2 tag (and any zero padding after it).
        func audioStart() throws(AudioError) -> Int {
            guard bytes.count >= 4 else { throw AudioError(.notMP3, "the file is \(bytes.count) bytes: not an MP3") }
            var offset = 0
            if bytes.starts(with: Array("ID3".utf8)) {
                guard bytes.count >= 10 else { throw AudioError(.damagedMP3, "truncated inside the ID3v2 tag") }
                let size = bytes[6..<10].reduce(0) { $0 << 7 | Int($1 & 0x7F) }
                let hasFooter = bytes[5] & 0x10 != 0
                offset = 10 + size + (hasFooter ? 10 : 0)
                guard offset < bytes.count else { throw AudioError(.damagedMP3, "truncated inside the ID3v2 tag (it declares \(size) bytes)") }
                while offset < bytes.count, bytes[offset] == 0 { offset += 1 }
            }
            return offset
        }

        /// The length of a Xing/Info/VBRI header frame at `offset`, or nil for an audio frame.
        mutating func headerFrameLength(_ header: MPEGFrameHeader, at offset: Int) -> Int? {
            guard header.layer == 3, offset + header.frameLength <= bytes.count else { return nil }
            let xing = offset + header.sideInfoEnd
            if matches("Xing", at: xing) || matches("Info", at: xing) {
                declaresVariableBitrate = matches("Xing", at: xing)
                let flags = bigEndian(at: xing + 4)
                if flags & 0x1 != 0 { declaredFrames = bigEndian(at: xing + 8) }
                return header.frameLength
            }
            if matches("VBRI", at: offset + 36) {
                declaresVariableBitrate = true
                declaredFrames = bigEndian(at: offset + 36 + 14)
                return header.frameLength
            }
            return nil
        }

        func isTrailingTag(at offset: Int) -> Bool {
            (matches("TAG", at: offset) && bytes.count - offset == 128) || matches("APETAGEX", at: offset)
                || matches("LYRICSBEGIN", at: offset)
        }

        func notAudio(at offset: Int) -> AudioError {
            let kinds: [(String, String)] = [("RIFF", "a WAV (RIFF) file"), ("OggS", "an Ogg file"), ("fLaC", "a FLAC file"),
                                             ("ftyp", "an MP4/M4A file")]
            for (magic, kind) in kinds where matches(magic, at: offset) || matches(magic, at: offset + 4) {
                return AudioError(.notMP3, "\(kind), not an MP3")
            }
            return AudioError(.notMP3, "no MPEG audio frame at byte \(offset): not an MP3")
        }

        func matches(_ text: String, at offset: Int) -> Bool {
            let magic = Array(text.utf8)
            guard offset >= 0, offset + magic.count <= bytes.count else { return false }
            return bytes[offset..<offset + magic.count].elementsEqual(magic)
        }

        func bigEndian(at offset: Int) -> Int {
            guard offset + 4 <= bytes.count else { return 0 }
            return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
    }
}
