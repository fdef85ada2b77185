/// A reminder time the user typed: `9:30`, `09.30`, `9`, `21:00`, `9 30`, `9am`, `9:30 pm`.
enum TypedTime {
    /// Minutes after midnight, or nil when the text is not a time of day.
    static func minutes(_ typed: String) -> Int? {
        var text = ZoneCity.normalized(typed)
        guard !text.isEmpty, text.count <= 16 else { return nil }
        var meridiem: String?
        for suffix in ["am", "pm", "a.m.", "p.m."] where text.hasSuffix(suffix) {
            meridiem = String(suffix.prefix(1))
            text = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
        }
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == "." || $0 == " " || $0 == "-" || $0 == "h" || $0 == "ч" })
        guard (1...2).contains(parts.count), parts.allSatisfy({ (1...2).contains($0.count) && $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }),
              var hours = Int(parts[0]) else { return nil }
        let minutes = parts.count == 2 ? Int(parts[1]) : 0
        guard let minutes, (0...59).contains(minutes) else { return nil }
        if let meridiem {
            guard (1...12).contains(hours) else { return nil }
            hours = hours % 12 + (meridiem == "p" ? 12 : 0)
        }
        guard (0...23).contains(hours) else { return nil }
        return hours * 60 + minutes
    }
}
