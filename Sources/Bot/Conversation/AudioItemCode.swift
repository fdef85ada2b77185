import Program

/// A practice in callback data: `s.STAGE.STEP`, `h.THEME` or `m.STAGE` (ids are at most 24
/// characters of a-z, 0-9 and -, so `au:r:` plus the longest code stays within 64 bytes).
enum AudioItemCode {
    static func encode(_ item: NarratedContent.Item) -> String {
        switch item {
        case let .step(stage, step): "s.\(stage).\(step)"
        case .theme(let theme): "h.\(theme)"
        case .stage(let stage): "m.\(stage)"
        }
    }

    static func decode(_ code: String) -> NarratedContent.Item? {
        let fields = code.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard fields.dropFirst().allSatisfy(isIdentifier) else { return nil }
        switch (fields.first, fields.count) {
        case ("s", 3): return .step(stage: fields[1], step: fields[2])
        case ("h", 2): return .theme(fields[1])
        case ("m", 2): return .stage(fields[1])
        default: return nil
        }
    }

    private static func isIdentifier(_ text: String) -> Bool {
        (1...24).contains(text.utf8.count) && text.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 }
    }
}
