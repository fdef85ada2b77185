import Foundation

/// One parameter as it arrived: text (query, form, JSON) or an uploaded file.
enum ParameterValue: Sendable {
    case text(String)
    case file(UploadedFile)

    var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// How the request log shows it (never the file's bytes).
    var logDescription: String {
        switch self {
        case .text(let value): return value
        case .file(let file): return "<file \(file.fileName ?? "unnamed"), \(file.data.count) bytes>"
        }
    }
}
