/// The subset of Telegram's HTML parse mode that Sogreto content uses, checked the way Telegram
/// checks it, so a text that passes here is not rejected by `sendMessage`.
///
/// Allowed: `<b>`, `<i>`, `<u>`, `<s>`, `<blockquote>` (optionally `expandable`), properly nested
/// and closed; entities `&lt;`, `&gt;`, `&amp;`, `&quot;` and numeric `&#NN;` / `&#xHH;`. A bare
/// `<`, `>` or `&` is an error. Telegram measures length in UTF-16 units of the parsed text.
public enum TelegramHTML {
    /// Telegram's limit for a message text (UTF-16 units after parsing).
    static let messageLimit = 4096
    /// Sogreto's limit for one content text, leaving room for the headers the engine adds.
    static let contentLimit = 3500

    static let allowedTags: Set<String> = ["b", "i", "u", "s", "blockquote"]

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// Position in the source, counted in characters from 0.
        public let offset: Int
        public let message: String
        public var description: String { "HTML problem at character \(offset): \(message)" }
    }

    /// The text as the user will see it (tags removed, entities decoded), or the first problem.
    public static func plainText(of html: String) throws(Problem) -> String {
        var parser = Parser(source: Array(html))
        return try parser.run()
    }

    /// Parsed length in UTF-16 units, the unit Telegram's limits use.
    package static func parsedLength(of html: String) throws(Problem) -> Int {
        try plainText(of: html).utf16.count
    }

    /// Escapes user-written text for HTML parse mode.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// User text cut to at most `limit` characters (with an ellipsis) and escaped.
    public static func escape(_ text: String, truncatedTo limit: Int) -> String {
        guard text.count > limit else { return escape(text) }
        return escape(String(text.prefix(max(limit - 1, 0)))) + "…"
    }

    private struct Parser {
        let source: [Character]
        var index = 0
        var open: [String] = []
        var output = ""

        mutating func run() throws(Problem) -> String {
            while index < source.count {
                let character = source[index]
                switch character {
                case "<": try parseTag()
                case "&": try parseEntity()
                case ">": throw Problem(offset: index, message: "a bare '>' must be written as &gt;")
                default:
                    output.append(character)
                    index += 1
                }
            }
            if let unclosed = open.last {
                throw Problem(offset: source.count, message: "<\(unclosed)> is never closed")
            }
            return output
        }

        mutating func parseTag() throws(Problem) {
            let start = index
            guard let end = source[index...].firstIndex(of: ">") else {
                throw Problem(offset: start, message: "a bare '<' must be written as &lt;")
            }
            let inner = String(source[(index + 1)..<end])
            index = end + 1
            if inner.hasPrefix("/") {
                let name = String(inner.dropFirst()).trimmingSpaces().lowercased()
                guard let last = open.last else {
                    throw Problem(offset: start, message: "</\(name)> closes a tag that is not open")
                }
                guard last == name else {
                    throw Problem(offset: start, message: "</\(name)> found where </\(last)> was expected")
                }
                open.removeLast()
                return
            }
            let parts = inner.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = parts.first else {
                throw Problem(offset: start, message: "empty tag; a literal '<' must be written as &lt;")
            }
            let name = first.lowercased()
            guard allowedTags.contains(name) else {
                throw Problem(offset: start, message: "tag <\(name)> is not allowed (allowed: b, i, u, s, blockquote; a literal '<' must be written as &lt;)")
            }
            let attributes = parts.dropFirst().map { $0.lowercased() }
            let attributesAllowed = name == "blockquote" && attributes == ["expandable"]
            guard attributes.isEmpty || attributesAllowed else {
                throw Problem(offset: start, message: "tag <\(name)> takes no attributes here")
            }
            if name == "blockquote", open.contains("blockquote") {
                throw Problem(offset: start, message: "<blockquote> cannot be nested in another <blockquote>")
            }
            if open.contains(name) {
                throw Problem(offset: start, message: "<\(name)> is already open")
            }
            open.append(name)
        }

        mutating func parseEntity() throws(Problem) {
            let start = index
            let limit = min(source.count, index + 12)
            guard let end = source[index..<limit].firstIndex(of: ";") else {
                throw Problem(offset: start, message: "a bare '&' must be written as &amp;")
            }
            let name = String(source[(index + 1)..<end])
            index = end + 1
            switch name {
            case "lt": output.append("<")
            case "gt": output.append(">")
            case "amp": output.append("&")
            case "quot": output.append("\"")
            default:
                guard let scalar = Self.numericEntity(name) else {
                    throw Problem(offset: start, message: "unknown entity &\(name); (use &lt; &gt; &amp; &quot; or a numeric one)")
                }
                output.unicodeScalars.append(scalar)
            }
        }

        static func numericEntity(_ name: String) -> Unicode.Scalar? {
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits, radix: 10)
            }
            return value.flatMap(Unicode.Scalar.init)
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
