import Foundation
import Hummingbird
import TelegramEmulator

/// A file from the emulator's store as the browser should get it: pictures and audio shown in
/// place, anything else only as a download, never as a page of this origin.
enum FileResponse {
    static let inlineTypes = ["image/jpeg", "image/png", "image/webp", "image/gif", "audio/mpeg", "audio/ogg",
                              "audio/mp4", "audio/x-m4a", "video/mp4"]

    static func make(_ file: EmulatorFile, download: Bool) -> Response {
        let type = file.mimeType ?? "application/octet-stream"
        let showsInline = !download && inlineTypes.contains(type)
        var headers = HTTPFields()
        headers[.contentType] = showsInline || download ? type : "application/octet-stream"
        headers[.xContentTypeOptions] = "nosniff"
        // A sandboxed response cannot run script even if a user uploaded HTML or SVG.
        headers[.contentSecurityPolicy] = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'"
        headers[.cacheControl] = "private, max-age=3600"
        let name = file.fileName ?? defaultName(for: type)
        headers[.contentDisposition] = (showsInline ? "inline" : "attachment") + "; filename=\"\(safeFileName(name))\""
            + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics).map { "; filename*=UTF-8''\($0)" } ?? "")
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
    }

    /// A header-safe ASCII name: quotes, control and non-ASCII characters become underscores.
    static func safeFileName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" ? Character(scalar) : "_"
        })
        return cleaned.isEmpty ? "file" : String(cleaned.prefix(120))
    }

    private static func defaultName(for type: String) -> String {
        switch type {
        case "image/jpeg": return "photo.jpg"
        case "image/png": return "photo.png"
        case "application/pdf": return "document.pdf"
        case "audio/mpeg": return "audio.mp3"
        default: return "file"
        }
    }
}
