import Foundation

/// Lines of a file read in 64 KB chunks, each line at most `maximumLineBytes`: a hostile file
/// can neither make a line fill memory nor be read whole.
struct LineReader {
    enum Failure: Error {
        case tooLong
        case malformed
    }

    private let handle: FileHandle
    private let maximumLineBytes: Int
    private var buffer = Data()
    private var start = 0
    private var finished = false

    init(handle: FileHandle, maximumLineBytes: Int) {
        self.handle = handle
        self.maximumLineBytes = maximumLineBytes
    }

    /// The next line without its newline; nil at the end of the file.
    mutating func next() throws -> Data? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { start = newline + 1 }
                return Data(buffer[start..<newline])
            }
            guard buffer.count - start <= maximumLineBytes else { throw Failure.tooLong }
            if finished {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return Data(buffer[start...])
            }
            // Keep only the unfinished line, then read on.
            buffer = Data(buffer[start...])
            start = 0
            let chunk = try handle.read(upToCount: 64 << 10) ?? Data()
            if chunk.isEmpty { finished = true } else { buffer.append(chunk) }
        }
    }
}
