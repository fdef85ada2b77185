import Foundation

/// A copy of the assets folder with experiments declared and texts given variants, edited as
/// text so every other byte (and the order of keys) stays as shipped.
public enum VariantAssets {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// `programs` and `locales` copied, the rest linked (fonts and the like are read only).
    public static func copy(of source: URL) throws -> URL {
        let manager = FileManager.default
        let copy = manager.temporaryDirectory.appendingPathComponent("sogreto-variant-assets-\(UUID().uuidString)")
        try manager.createDirectory(at: copy, withIntermediateDirectories: true)
        for entry in try manager.contentsOfDirectory(atPath: source.path) {
            if entry == "programs" || entry == "locales" {
                try manager.copyItem(at: source.appendingPathComponent(entry), to: copy.appendingPathComponent(entry))
            } else {
                try manager.createSymbolicLink(at: copy.appendingPathComponent(entry), withDestinationURL: source.appendingPathComponent(entry))
            }
        }
        return copy
    }

    /// Adds `"experiments": [ … ]` (the items as JSON text) to a program's `program.json`.
    public static func declare(_ experiments: String, program: String, in assets: URL) throws {
        try edit(assets.appendingPathComponent("programs/\(program)/program.json")) { text in
            guard let range = text.range(of: #""stages": ["#) else { throw Problem(description: "no stages in \(program)") }
            return text.replacingCharacters(in: range, with: #""experiments": [ "# + experiments + #" ],"# + "\n  " + #""stages": ["#)
        }
    }

    /// The string value of `key` (the first after each of `anchors` in turn) becomes
    /// `{"variants": {"a": value, "b": mark + value}}`: the same structure, b marked.
    public static func vary(_ file: URL, after anchors: [String] = [], key: String, mark: String) throws {
        try edit(file) { text in
            var start = text.startIndex
            for anchor in anchors {
                guard let found = text.range(of: anchor, range: start..<text.endIndex) else { throw Problem(description: "no \(anchor) in \(file.lastPathComponent)") }
                start = found.upperBound
            }
            guard let found = text.range(of: "\"\(key)\": \"", range: start..<text.endIndex) else {
                throw Problem(description: "no \(key) in \(file.lastPathComponent)")
            }
            let open = text.index(before: found.upperBound)
            var index = found.upperBound, escaped = false
            while index < text.endIndex {
                let character = text[index]
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { break }
                index = text.index(after: index)
            }
            let literal = String(text[open...index])
            return text.replacingCharacters(in: open...index, with: #"{"variants": {"a": "# + literal + #", "b": "# + "\"" + mark + literal.dropFirst() + "}}")
        }
    }

    private static func edit(_ url: URL, _ change: (String) throws -> String) throws {
        try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }
}
