/// Plural forms in bot texts: `{name#one|other}` in English, `{name#one|few|many}` in Russian
/// (1 день, 2 дня, 5 дней; 21 день, 11 дней), chosen by the number in `values[name]`.
enum Plural {
    static func fill(_ template: String, values: [String: String], locale: String) -> String {
        guard template.contains("#") else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let token = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            let parts = token.split(separator: "#", maxSplits: 1)
            guard parts.count == 2 else {
                result += "{" + token + "}"
                continue
            }
            // Not a whole number ("2.5"): the plural form, never a placeholder left in the text.
            let number = values[String(parts[0])].flatMap(Int.init) ?? 5
            let forms = parts[1].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            result += form(for: number, forms, locale: locale)
        }
        return result + rest
    }

    /// The form for `number`: Russian's one/few/many, otherwise one/other.
    static func form(for number: Int, _ forms: [String], locale: String) -> String {
        guard let last = forms.last else { return "" }
        let n = abs(number)
        if locale == "ru", forms.count >= 3 {
            if n % 10 == 1 && n % 100 != 11 { return forms[0] }
            if (2...4).contains(n % 10) && !(12...14).contains(n % 100) { return forms[1] }
            return forms[2]
        }
        return n == 1 ? forms[0] : last
    }
}
