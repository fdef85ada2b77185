/// Removes Telegram bot tokens from text that came from outside (an error description that echoes
/// the request URL, a proxy's error page) before it is logged or stored: `bot<digits>:<secret>`
/// and a bare `<digits>:<secret>` of a token's length both become `bot<redacted>`.
package enum TokenRedaction {
    package static let placeholder = "bot<redacted>"

    /// `text` with every token-shaped run replaced; the same string when there is none (the
    /// common case costs one scan for a colon preceded by a digit).
    package static func redact(_ text: String) -> String {
        guard mayContainToken(text) else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: ":"), index > 0, isDigit(bytes[index - 1]),
                  let start = tokenStart(bytes, colon: index) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, isSecretCharacter(bytes[end]) { end += 1 }
            let hasBotPrefix = start.prefixed
            let secretLength = end - index - 1
            guard secretLength >= (hasBotPrefix ? 1 : minimumBareSecret) else {
                index = end
                continue
            }
            let replaceFrom = hasBotPrefix ? start.digits - 3 : start.digits
            output.append(contentsOf: bytes[copied..<replaceFrom])
            output.append(contentsOf: placeholder.utf8)
            copied = end
            index = end
        }
        guard copied > 0 else { return text }
        output.append(contentsOf: bytes[copied...])
        return String(decoding: output, as: UTF8.self)
    }

    /// A colon after a digit and before a secret character: without one there is nothing to redact.
    private static func mayContainToken(_ text: String) -> Bool {
        var previous: UInt8 = 0
        var afterCandidate = false
        for byte in text.utf8 {
            if afterCandidate, isSecretCharacter(byte) { return true }
            afterCandidate = byte == UInt8(ascii: ":") && isDigit(previous)
            previous = byte
        }
        return false
    }

    /// A bare `<digits>:<secret>` needs a token's shape (bot ids have 8–10 digits and secrets
    /// 35 characters), so times like "12:30" or "error 404:NotFound" stay readable.
    private static let minimumBareDigits = 6
    private static let minimumBareSecret = 30

    /// Where the digits before the colon start, and whether "bot" precedes them; nil when the run
    /// is too short to be a bare token and has no "bot" prefix.
    private static func tokenStart(_ bytes: [UInt8], colon: Int) -> (digits: Int, prefixed: Bool)? {
        var start = colon
        while start > 0, isDigit(bytes[start - 1]) { start -= 1 }
        let prefixed = start >= 3 && bytes[start - 3..<start].map { $0 | 0x20 } == Array("bot".utf8)
        if prefixed { return (start, true) }
        guard colon - start >= minimumBareDigits, start == 0 || !isSecretCharacter(bytes[start - 1]) else { return nil }
        return (start, false)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }

    /// Telegram's token alphabet: A-Z a-z 0-9 _ -
    private static func isSecretCharacter(_ byte: UInt8) -> Bool {
        isDigit(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 95 || byte == 45
    }
}
