/// `{name}`-style placeholders in content and UI strings.
enum Placeholders {
    /// Every `{…}` in the text, without braces, in order.
    static func names(in text: String) -> [String] {
        var names: [String] = []
        var current: String?
        for character in text {
            switch character {
            case "{": current = ""
            case "}":
                if let name = current { names.append(name) }
                current = nil
            default:
                current?.append(character)
            }
        }
        return names
    }

    /// Replaces each known `{name}` with its value; unknown ones are left as they are (content
    /// validation guarantees there are none in loaded content).
    static func fill(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("{") else { return text }
        var result = ""
        var pending: String?
        for character in text {
            if character == "{" {
                if let open = pending { result += "{" + open }
                pending = ""
            } else if character == "}", let name = pending {
                result += values[name] ?? "{\(name)}"
                pending = nil
            } else if pending != nil {
                pending?.append(character)
            } else {
                result.append(character)
            }
        }
        if let open = pending { result += "{" + open }
        return result
    }
}
