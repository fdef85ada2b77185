/// What the frame headers of an MP3 file say about its audio.
public struct MP3Stream: Sendable, Equatable {
    /// "MPEG-1", "MPEG-2" or "MPEG-2.5".
    let version: String
    /// 1, 2 or 3 (Layer III is MP3).
    let layer: Int
    let sampleRate: Int
    /// Every bitrate the audio frames use, in kbps (one value for constant bitrate).
    let bitratesKbps: Set<Int>
    /// A Xing or VBRI header declares variable bitrate (an `Info` header is LAME's CBR marker).
    let declaresVariableBitrate: Bool
    let isMono: Bool
    /// Frames that carry audio (a Xing/Info/VBRI header frame is not counted).
    let audioFrames: Int
    public let durationSeconds: Double

    /// Constant bitrate: one bitrate throughout and no VBR header.
    var isConstantBitrate: Bool { bitratesKbps.count == 1 && !declaresVariableBitrate }
}
