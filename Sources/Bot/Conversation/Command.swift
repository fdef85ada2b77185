import Foundation
/// A slash command as typed: `/name@bot payload`. Names are case-insensitive.
public struct Command: Sendable, Equatable {
    public var name: String
    var argument: String?

    public init?(text: String) {
        guard text.hasPrefix("/"), let first = text.dropFirst().first, !first.isWhitespace else { return nil }
        let parts = text.dropFirst().split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard let head = parts.first else { return nil }
        let name = head.split(separator: "@", maxSplits: 1).first.map(String.init) ?? ""
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
        self.name = name.lowercased()
        let rest = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespacesAndNewlines) : ""
        self.argument = rest.isEmpty ? nil : rest
    }
}
