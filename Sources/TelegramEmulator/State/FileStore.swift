import Foundation

/// Every file the bot uploaded or a user sent, addressable by `file_id` and by the `file_path`
/// getFile hands out. Ids derive from the content, so the same bytes always get the same
/// `file_unique_id` (and, for the same kind, the same `file_id`), and are stored once.
struct FileStore {
    enum Kind: String, Sendable {
        case photo, document, audio, voice, video, videoNote, animation, sticker

        /// Telegram's file_id prefixes differ by kind; the emulator imitates them for realism.
        var idPrefix: String {
            switch self {
            case .photo: return "AgACAgIAAxkBAA"
            case .document: return "BQACAgIAAxkBAA"
            case .audio: return "CQACAgIAAxkBAA"
            case .voice: return "AwACAgIAAxkBAA"
            case .video: return "BAACAgIAAxkBAA"
            case .videoNote: return "DQACAgIAAxkBAA"
            case .animation: return "CgACAgIAAxkBAA"
            case .sticker: return "CAACAgIAAxkBAA"
            }
        }

        /// The type name Telegram's errors use ("can't use file of type Photo as Audio").
        var tdlibName: String {
            switch self {
            case .photo: return "Photo"
            case .document: return "Document"
            case .audio: return "Audio"
            case .voice: return "VoiceNote"
            case .video: return "Video"
            case .videoNote: return "VideoNote"
            case .animation: return "Animation"
            case .sticker: return "Sticker"
            }
        }

        var folder: String {
            switch self {
            case .photo: return "photos"
            case .document: return "documents"
            case .audio: return "music"
            case .voice: return "voice"
            case .video: return "videos"
            case .videoNote: return "video_notes"
            case .animation: return "animations"
            case .sticker: return "stickers"
            }
        }
    }

    struct StoredFile: Sendable {
        var fileID: String
        var uniqueID: String
        var kind: Kind
        var data: Data
        var path: String
        var fileName: String?
        var mimeType: String?
        var width: Int?
        var height: Int?
        var duration: Int?
    }

    private var byID: [String: StoredFile] = [:]
    private var idByPath: [String: String] = [:]
    private var pathCounter = 0

    /// Stores `data` as a file of `kind` (a `variant` tells photo sizes of one upload apart) and
    /// returns its record; storing the same bytes again returns the first record.
    mutating func store(
        _ data: Data, kind: Kind, variant: String = "", fileName: String? = nil, mimeType: String? = nil,
        width: Int? = nil, height: Int? = nil, duration: Int? = nil
    ) -> StoredFile {
        let digest = ContentDigest(data)
        let fileID = kind.idPrefix + digest.token + variant
        if let existing = byID[fileID] { return existing }
        pathCounter += 1
        let fileExtension = MimeTypes.fileExtension(for: mimeType)
            ?? fileName.flatMap { $0.split(separator: ".").count > 1 ? $0.split(separator: ".").last.map(String.init) : nil }
        let path = "\(kind.folder)/file_\(pathCounter)" + (fileExtension.map { ".\($0)" } ?? "")
        let file = StoredFile(
            fileID: fileID, uniqueID: "AQAD" + digest.token.prefix(12) + variant, kind: kind, data: data, path: path,
            fileName: fileName, mimeType: mimeType, width: width, height: height, duration: duration)
        byID[fileID] = file
        idByPath[path] = fileID
        return file
    }

    func file(id: String) -> StoredFile? { byID[id] }

    func file(path: String) -> StoredFile? { idByPath[path].flatMap { byID[$0] } }
}

/// A 128-bit FNV-1a style digest of file content (two 64-bit lanes), rendered URL-safe. Files
/// over 1 MB are sampled (head, tail and a slice every 16 KB, plus the length) so multi-megabyte
/// uploads stay cheap in debug builds; an emulator needs stable ids, not collision resistance
/// against an adversary.
struct ContentDigest {
    let token: String

    init(_ data: Data) {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4 ^ UInt64(data.count)
        func mix(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) {
            for index in range {
                let byte = UInt64(buffer[index])
                first = (first ^ byte) &* 0x0000_0100_0000_01B3
                second = (second ^ byte) &* 0x0000_0100_0000_01B3 &+ 0x9E37_79B9
            }
        }
        data.withUnsafeBytes { buffer in
            let count = buffer.count
            if count <= 1 << 20 {
                mix(buffer, 0..<count)
            } else {
                mix(buffer, 0..<(1 << 18))
                var offset = 1 << 18
                while offset < count - (1 << 18) {
                    mix(buffer, offset..<(offset + 64))
                    offset += 1 << 14
                }
                mix(buffer, (count - (1 << 18))..<count)
            }
        }
        token = Self.encode(first) + Self.encode(second)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    private static func encode(_ value: UInt64) -> String {
        var value = value
        var characters: [Character] = []
        for _ in 0..<11 {
            characters.append(alphabet[Int(value & 63)])
            value >>= 6
        }
        return String(characters)
    }
}
