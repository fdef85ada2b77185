/// The one error type of the Audio module: a stable reason and one sentence for operators and
/// logs (never user text).
public struct AudioError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable, CaseIterable {
        /// The manifest file is missing or unreadable.
        case manifestMissing
        /// The manifest is not the JSON the catalog expects.
        case manifestInvalid
        /// The bytes are not an MPEG audio stream at all (a WAV, an empty file, ...).
        case notMP3
        /// An MPEG audio stream that is cut short or has garbage between frames.
        case damagedMP3
        /// A production tool (espeak-ng, sox, lame) is not installed.
        case toolMissing
        /// A production tool ran and failed.
        case toolFailed
        /// Reading or writing a file failed.
        case io
        /// The program content gives nothing to narrate, or a practice is out of bounds.
        case content
    }

    public let reason: Reason
    public let description: String

    public init(_ reason: Reason, _ description: String) {
        self.reason = reason
        self.description = description
    }
}
