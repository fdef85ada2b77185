import Foundation

/// A file part of a multipart request.
struct UploadedFile: Sendable {
    var fileName: String?
    var contentType: String?
    var data: Data
}
