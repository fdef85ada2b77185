/// Reads `assets/locales/program.<locale>.json`: every `UIKey`, month and weekday names.
enum UIStringsDecoder {
    static func decode(_ root: JSONNode, locale: String) -> UIStrings? {
        let keys = Set(UIKey.allCases.map(\.rawValue)).union(["locale", "months", "weekdays"])
        guard let object = root.object(allowed: keys) else { return nil }
        if let node = object.required("locale"), let value = node.string(), value != locale {
            node.report("says \"\(value)\" but the file is for \"\(locale)\"")
        }
        let rules = TextRules(structure: ProgramStructure(id: "", formatVersion: 1, kitPrefixes: [], isFallback: false, durationDays: 0, locales: [], stages: [], themes: nil, menus: [], choices: []))
        var texts: [UIKey: String] = [:]
        for key in UIKey.allCases {
            guard let node = object.required(key.rawValue), let text = node.text() else { continue }
            if key.isButtonLabel {
                rules.checkLabel(text, at: node)
            } else {
                rules.checkHTML(text, at: node, placeholders: .checkedElsewhere)
                for name in Set(Placeholders.names(in: text)) where !key.placeholders.contains(name) {
                    let known = key.placeholders.isEmpty ? "none" : key.placeholders.sorted().map { "{\($0)}" }.joined(separator: ", ")
                    node.report("placeholder {\(name)} is not available here (available: \(known))")
                }
            }
            texts[key] = text
        }
        let months = names(object.required("months"), count: 12, rules: rules)
        let weekdays = names(object.required("weekdays"), count: 7, rules: rules)
        guard texts.count == UIKey.allCases.count, let months, let weekdays else { return nil }
        return UIStrings(locale: locale, texts: texts, months: months, weekdays: weekdays)
    }

    private static func names(_ node: JSONNode?, count: Int, rules: TextRules) -> [String]? {
        guard let node, let elements = node.array() else { return nil }
        let names = elements.compactMap { element -> String? in
            guard let name = element.text() else { return nil }
            rules.checkHTML(name, at: element, placeholders: .forbidden)
            return name
        }
        guard names.count == count else {
            if elements.count != count { node.report("expected \(count) names, found \(elements.count)") }
            return nil
        }
        return names
    }
}
