public import Foundation

/// The manifest file `audio/manifest.json` as JSON: what `sogreto audio build` writes and
/// `AudioCatalog` reads. Every entry field is optional here so one bad entry is reported and
/// left out instead of rejecting the whole file.
public struct AudioManifest: Codable, Sendable, Equatable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    /// Who made the file, for people reading it ("sogreto audio build").
    public var generatedBy: String?
    public var tracks: [Entry]

    public init(formatVersion: Int = AudioManifest.currentFormatVersion, generatedBy: String? = nil, tracks: [Entry]) {
        self.formatVersion = formatVersion
        self.generatedBy = generatedBy
        self.tracks = tracks
    }

    /// One track: `stage` + `step`, or `theme`, or `stage` alone (the manifesto).
    public struct Entry: Codable, Sendable, Equatable {
        public var program: String?
        public var locale: String?
        public var stage: String?
        public var step: String?
        public var theme: String?
        public var file: String?
        public var title: String?
        var narrator: String?
        public var durationSeconds: Double?
        public var sha256: String?
        /// The file's size in bytes and modification time (nanoseconds since 1970) when it was
        /// checked; an unchanged pair spares reading the file at every start.
        var fileSize: Int64?
        var fileModifiedNanoseconds: Int64?
        /// For generated tracks: a hash of everything the narration was made from (script,
        /// voice, mix settings), so an unchanged track is not rendered again.
        public var source: String?
        /// The hash of the narration script the recording says (NarrationScripts): when the
        /// script changes, the recording is stale and not served until it is made again.
        public var script: String?

        public init(track: AudioTrack, source: String? = nil) {
            self.source = source
            script = track.script
            program = track.program
            locale = track.locale
            switch track.target {
            case .step(let stageID, let stepID): stage = stageID; step = stepID
            case .theme(let themeID): theme = themeID
            case .stage(let stageID): stage = stageID
            }
            file = track.file
            title = track.title
            narrator = track.narrator
            durationSeconds = (track.durationSeconds * 1000).rounded() / 1000
            sha256 = track.sha256
            fileSize = track.stamp?.size
            fileModifiedNanoseconds = track.stamp?.modifiedNanoseconds
        }
    }

    public static func decode(_ data: Data) throws(AudioError) -> AudioManifest {
        do {
            return try JSONDecoder().decode(AudioManifest.self, from: data)
        } catch {
            throw AudioError(.manifestInvalid, "the manifest is not valid: \(Self.sentence(for: error))")
        }
    }

    func encoded() throws(AudioError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self) + Data("\n".utf8)
        } catch {
            throw AudioError(.io, "cannot encode the manifest: \(error)")
        }
    }

    /// Writes the manifest atomically (a temporary file renamed over the old one), so a reader
    /// never sees half a manifest.
    public func write(to url: URL) throws(AudioError) {
        let data = try encoded()
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw AudioError(.io, "cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    private static func sentence(for error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
             .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return "$\(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
