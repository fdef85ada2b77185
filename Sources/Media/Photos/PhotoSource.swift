public import Foundation

/// Where an encoded photo is read from.
public enum PhotoSource: Sendable {
    /// Bytes in memory, e.g. a download (libvips decodes from its own copy).
    case bytes(Data)
    /// A file, e.g. one in the blob store or given on the command line: a plain JPEG is mapped
    /// (only the pages the decoder touches are read), other formats are read by libvips in small
    /// chunks as it decodes; the encoded photo is never copied into memory whole.
    case file(URL)
}

extension PhotoSource {
    /// Runs `body` over the encoded bytes; a file is mapped, not read, so only the pages the
    /// decoder touches are loaded.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        switch self {
        case .bytes(let data):
            return try data.withUnsafeBytes(body)
        case .file(let url):
            let data: Data
            do {
                data = try Data(contentsOf: url, options: .alwaysMapped)
            } catch {
                throw MediaError(.invalidRequest, "Cannot read \(url.path).")
            }
            return try data.withUnsafeBytes(body)
        }
    }
}
