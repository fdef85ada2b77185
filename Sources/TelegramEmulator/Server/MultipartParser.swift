import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a `multipart/form-data` body into named parts. Uses `memchr`/`memcmp` to find boundaries, so
/// a 50 MB upload is split in milliseconds.
enum MultipartParser {
    struct Part: Sendable {
        var name: String
        var value: ParameterValue
    }

    static func boundary(fromContentType contentType: String) -> String? {
        for attribute in contentType.split(separator: ";") {
            let trimmed = attribute.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix("boundary=") {
                var value = String(trimmed.dropFirst("boundary=".count))
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                    value = String(value.dropFirst().dropLast())
                }
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    /// The parts of `body`; nil when the body is not well-formed multipart.
    static func parse(_ body: Data, boundary: String) -> [Part]? {
        let delimiter = Array("--\(boundary)".utf8)
        let bytes = [UInt8](body)
        guard var cursor = find(delimiter, in: bytes, from: 0) else { return nil }
        var parts: [Part] = []
        while true {
            cursor += delimiter.count
            // "--" after a delimiter closes the body.
            if cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "-"), bytes[cursor + 1] == UInt8(ascii: "-") {
                return parts
            }
            cursor = skipLineBreak(bytes, at: cursor)
            guard let headerEnd = find(Array("\r\n\r\n".utf8), in: bytes, from: cursor) else { return nil }
            let headers = String(decoding: bytes[cursor..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = find(Array("\r\n".utf8) + delimiter, in: bytes, from: contentStart) else { return nil }
            let content = Data(bytes[contentStart..<next])
            if let part = makePart(headers: headers, content: content) { parts.append(part) }
            cursor = next + 2
        }
    }

    private static func makePart(headers: String, content: Data) -> Part? {
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in headers.split(separator: "\r\n") {
            let lowered = line.lowercased()
            if lowered.hasPrefix("content-disposition:") {
                name = attribute("name", in: String(line))
                fileName = attribute("filename", in: String(line))
            } else if lowered.hasPrefix("content-type:") {
                contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
            }
        }
        guard let name else { return nil }
        if fileName != nil {
            return Part(name: name, value: .file(UploadedFile(fileName: fileName, contentType: contentType, data: content)))
        }
        return Part(name: name, value: .text(String(decoding: content, as: UTF8.self)))
    }

    /// The value of `name="…"` in a Content-Disposition line (not matching `filename` for `name`).
    private static func attribute(_ name: String, in line: String) -> String? {
        for piece in line.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix("\(name)=") else { continue }
            var value = String(trimmed.dropFirst(name.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }

    private static func skipLineBreak(_ bytes: [UInt8], at index: Int) -> Int {
        var index = index
        if index < bytes.count, bytes[index] == 0x0D { index += 1 }
        if index < bytes.count, bytes[index] == 0x0A { index += 1 }
        return index
    }

    /// First occurrence of `needle` at or after `start`: `memchr` skips to candidate first bytes,
    /// `memcmp` checks them (glibc's `memmem` is not visible from Swift).
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard start <= haystack.count, !needle.isEmpty else { return nil }
        return haystack.withUnsafeBytes { hay -> Int? in
            needle.withUnsafeBytes { pattern -> Int? in
                guard let base = hay.baseAddress, let patternBase = pattern.baseAddress else { return nil }
                var position = start
                let lastStart = hay.count - pattern.count
                while position <= lastStart {
                    guard let hit = memchr(base + position, Int32(needle[0]), lastStart - position + 1) else {
                        return nil
                    }
                    let offset = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + offset, patternBase, pattern.count) == 0 { return offset }
                    position = offset + 1
                }
                return nil
            }
        }
    }
}
