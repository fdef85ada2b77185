/// The engine's fixed strings in one locale, from `assets/locales/program.<locale>.json`.
public struct UIStrings: Sendable {
    public let locale: String
    let texts: [UIKey: String]
    /// Month names as used in dates ("5 декабря": genitive in Russian), January first.
    public let months: [String]
    /// Weekday names, Monday first.
    let weekdays: [String]

    package subscript(key: UIKey) -> String { texts[key] ?? "" }

    /// The string with `{placeholder}`s replaced by the given values (already HTML-safe).
    func format(_ key: UIKey, _ values: [String: String] = [:]) -> String {
        Placeholders.fill(self[key], values)
    }
}

extension UIStrings {
    /// Pace id → the key of its label; a program may only use paces the engine can name.
    static let paceKeys: [String: UIKey] = ["standard": .paceStandard, "gentle": .paceGentle]

    func paceLabel(_ pace: String) -> String {
        Self.paceKeys[pace].map { self[$0] } ?? pace
    }
}
