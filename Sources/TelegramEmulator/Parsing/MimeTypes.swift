import Foundation

/// MIME types by file name extension, the way Telegram labels documents.
enum MimeTypes {
    private static let byExtension: [String: String] = [
        "pdf": "application/pdf", "txt": "text/plain", "jpg": "image/jpeg", "jpeg": "image/jpeg",
        "png": "image/png", "gif": "image/gif", "webp": "image/webp", "heic": "image/heic",
        "mp3": "audio/mpeg", "ogg": "audio/ogg", "oga": "audio/ogg", "opus": "audio/ogg", "m4a": "audio/mp4",
        "wav": "audio/x-wav", "mp4": "video/mp4", "zip": "application/zip", "json": "application/json",
        "csv": "text/csv", "html": "text/html", "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]

    static func forFileName(_ name: String?) -> String? {
        guard let name, let dot = name.lastIndex(of: ".") else { return nil }
        return byExtension[name[name.index(after: dot)...].lowercased()]
    }

    static func fileExtension(for mimeType: String?) -> String? {
        guard let mimeType else { return nil }
        if mimeType == "image/jpeg" { return "jpg" }
        if mimeType == "audio/mpeg" { return "mp3" }
        if mimeType == "audio/ogg" { return "oga" }
        return byExtension.first { $0.value == mimeType }?.key
    }
}
