import Foundation

/// Where an encoded photo is read from.
public enum PhotoSource: Sendable {
    /// Bytes in memory, e.g. a download (libvips decodes from its own copy).
    case bytes(Data)
    /// A file, e.g. one in the blob store or given on the command line: libvips reads it in
    /// small chunks as it decodes, so the encoded photo is never held in memory whole.
    case file(URL)
}
