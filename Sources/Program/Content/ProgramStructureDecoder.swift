/// Reads `program.json` into a program's structure, reporting every problem with its JSON path.
struct ProgramStructure {
    var id: String
    var formatVersion: Int
    var kitPrefixes: [String]
    var isFallback: Bool
    var durationDays: Int
    var locales: [String]
    var stages: [Stage]
    var themes: ThemeSettings?
    var menus: [(id: String, items: [String])]
    var choices: [(stepID: String, options: [String])]
    var micro: [MicroPractice] = []
    var maxSilenceDays: Int? = nil
    var colours: KitColours? = nil
    var cards: [PlantCard] = []
    var shop: KitShop? = nil
    var taste: Taste? = nil

    /// Ids a `{reflection:<id>}` may name: the themes (and micro-practices), whose texts may ask
    /// a reflection question.
    var reflectionIDs: Set<String> {
        Set(themes?.pool ?? []).union(micro.map(\.id))
    }
}

enum ProgramStructureDecoder {
    static let supportedFormatVersion = 1

    static func decode(_ root: JSONNode) -> ProgramStructure? {
        let keys: Set<String> = ["id", "formatVersion", "kitPrefixes", "fallback", "durationDays", "locales", "stages", "themes", "menus", "choices", "audio", "micro", "maxSilenceDays", "colours", "experiments", "cards", "shop", "taste"]
        guard let object = root.object(allowed: keys) else { return nil }
        let id = object.required("id").flatMap(Identifier.read)
        let version = object.required("formatVersion")?.int()
        if let version, version != supportedFormatVersion {
            object.required("formatVersion")?.report("format version \(version) is not supported (this build reads version \(supportedFormatVersion))")
        }
        let prefixes = object.required("kitPrefixes")?.array()?.compactMap(readKitPrefix) ?? []
        let fallback = object.optional("fallback")?.bool() ?? false
        let duration = object.required("durationDays")?.int()
        let locales = object.required("locales")?.array()?.compactMap(readLocale) ?? []
        if let localesNode = object.optional("locales"), !locales.contains(ProgramCatalog.baseLocale) {
            localesNode.report("must include \"\(ProgramCatalog.baseLocale)\" (Russian is the base locale every program has)")
        }
        let stages = object.required("stages")?.array()?.compactMap(readStage) ?? []
        let themes = object.optional("themes").flatMap(readThemes)
        let menus = object.optional("menus")?.object()?.members.compactMap { member -> (String, [String])? in
            guard Identifier.check(member.key, at: member.node) else { return nil }
            let items = member.node.array()?.compactMap(Identifier.read) ?? []
            if items.isEmpty { member.node.report("a menu needs at least one item") }
            return (member.key, items)
        } ?? []
        let choices = object.optional("choices")?.object()?.members.compactMap { member -> (String, [String])? in
            let options = member.node.array()?.compactMap(Identifier.read) ?? []
            if options.count < 2 { member.node.report("a choice needs at least two options") }
            return (member.key, options)
        } ?? []
        let micro = object.optional("micro")?.array()?.compactMap(readMicro) ?? []
        let silence = object.optional("maxSilenceDays")?.int()
        if let silence, silence < 0 { object.optional("maxSilenceDays")?.report("must be 0 or more") }
        guard let id, let version, let duration else { return nil }
        if duration < 1 { object.optional("durationDays")?.report("must be at least 1") }
        var structure = ProgramStructure(id: id, formatVersion: version, kitPrefixes: prefixes, isFallback: fallback,
                                         durationDays: duration, locales: locales, stages: stages, themes: themes,
                                         menus: menus, choices: choices)
        structure.micro = micro
        structure.maxSilenceDays = silence
        structure.colours = object.optional("colours").flatMap(readColours)
        structure.cards = PlantCardRules.read(object.optional("cards"))
        structure.shop = KitShopRules.read(object.optional("shop"))
        structure.taste = TasteRules.read(object.optional("taste"))
        return structure
    }

    private static func readColours(_ node: JSONNode) -> KitColours? {
        guard let object = node.object(allowed: ["paper", "ink", "accent"]) else { return nil }
        func colour(_ key: String) -> String? {
            guard let value = object.required(key)?.string() else { return nil }
            guard KitColours.isColour(value) else {
                object.required(key)?.report("a colour is written #RRGGBB, e.g. #388E3C")
                return nil
            }
            return value
        }
        let paper = colour("paper"), ink = colour("ink"), accent = colour("accent")
        guard let paper, let ink, let accent else { return nil }
        return KitColours(paper: paper, ink: ink, accent: accent)
    }

    private static func readMicro(_ node: JSONNode) -> MicroPractice? {
        guard let object = node.object(allowed: ["id", "day"]) else { return nil }
        let id = object.required("id").flatMap(Identifier.read)
        let day = object.required("day")?.int()
        guard let id, let day else { return nil }
        return MicroPractice(id: id, day: day)
    }

    private static func readKitPrefix(_ node: JSONNode) -> String? {
        guard let prefix = node.string() else { return nil }
        let valid = !prefix.isEmpty && prefix.count <= 16 && prefix.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        if !valid { node.report("a kit prefix is 1–16 lowercase letters or digits (the code \"mg-123\" has prefix \"mg\")") }
        return valid ? prefix : nil
    }

    private static func readLocale(_ node: JSONNode) -> String? {
        guard let locale = node.string() else { return nil }
        let valid = (2...3).contains(locale.count) && locale.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
        if !valid { node.report("a locale is a 2–3 letter lowercase language code such as \"ru\"") }
        return valid ? locale : nil
    }

    private static func readStage(_ node: JSONNode) -> Stage? {
        guard let object = node.object(allowed: ["id", "day", "untilDay", "kind", "steps"]) else { return nil }
        let id = object.required("id").flatMap(Identifier.read)
        let day = object.required("day")?.int()
        let untilDay = object.optional("untilDay")?.int()
        let kindName = object.optional("kind")?.string()
        let kind: Stage.Kind?
        switch kindName {
        case nil, "steps":
            let steps = object.required("steps")?.array()?.compactMap(readStep) ?? []
            if let stepsNode = object.optional("steps"), steps.isEmpty { stepsNode.report("a stage needs at least one step") }
            kind = .steps(steps)
        case "themes":
            kind = .themes
            if untilDay == nil { object.node.report("a themes stage needs \"untilDay\"") }
        case "manifesto":
            kind = .manifesto
        case let other?:
            object.optional("kind")?.report("unknown stage kind \"\(other)\" (expected steps, themes or manifesto)")
            kind = nil
        }
        if kindName == "themes" || kindName == "manifesto", let steps = object.optional("steps") {
            steps.report("a \(kindName ?? "") stage has no steps")
        }
        if let day, day < 0 { object.optional("day")?.report("must be 0 or more") }
        if let day, let untilDay, untilDay < day { object.optional("untilDay")?.report("must not be before \"day\" (\(day))") }
        guard let id, let day, let kind else { return nil }
        return Stage(id: id, day: day, untilDay: untilDay, kind: kind)
    }

    private static func readStep(_ node: JSONNode) -> Step? {
        guard let object = node.object(allowed: ["id", "kind", "menu", "audio", "when"]) else { return nil }
        let id = object.required("id").flatMap(Identifier.read)
        let kindNode = object.required("kind")
        let kind = kindNode?.string().flatMap { name -> Step.Kind? in
            guard let kind = Step.Kind(rawValue: name) else {
                kindNode?.report("unknown step kind \"\(name)\" (expected \(Step.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            return kind
        }
        let menu = object.optional("menu").flatMap(Identifier.read)
        if let kind {
            if kind == .menu, menu == nil, object.optional("menu") == nil { object.node.report("a menu step needs \"menu\"") }
            if kind != .menu, kind != .wish, let menuNode = object.optional("menu") { menuNode.report("only wish and menu steps have a menu") }
        }
        let when = object.optional("when").flatMap(readCondition)
        guard let id, let kind else { return nil }
        var step = Step(id: id, kind: kind, menu: menu)
        step.when = when
        return step
    }

    /// `"when": { "<choice step id>": ["option", …] }`.
    private static func readCondition(_ node: JSONNode) -> StepCondition? {
        guard let object = node.object() else { return nil }
        guard object.members.count == 1, let member = object.members.first else {
            node.report("\"when\" names exactly one choice step: { \"<choice step id>\": [\"option\", …] }")
            return nil
        }
        guard Identifier.check(member.key, at: node) else { return nil }
        let options = member.node.array()?.compactMap(Identifier.read) ?? []
        if options.isEmpty { member.node.report("a branch needs at least one option, or it can never be reached") }
        return StepCondition(choice: member.key, options: options)
    }

    private static func readThemes(_ node: JSONNode) -> ThemeSettings? {
        guard let object = node.object(allowed: ["pool", "default", "choose", "paces"]) else { return nil }
        let pool = object.required("pool")?.array()?.compactMap(Identifier.read) ?? []
        let defaults = object.required("default")?.array()?.compactMap(Identifier.read) ?? []
        let choose = object.required("choose")?.int() ?? 0
        var paceOrder: [String] = []
        var paces: [String: [Int]] = [:]
        for member in object.required("paces")?.object()?.members ?? [] {
            guard let days = member.node.intArray() else { continue }
            if !UIStrings.paceKeys.keys.contains(member.key) {
                member.node.report("unknown pace \"\(member.key)\" (the engine has labels for: \(UIStrings.paceKeys.keys.sorted().joined(separator: ", ")))")
                continue
            }
            if days.isEmpty { member.node.report("a pace needs at least one day") }
            if days != days.sorted() || Set(days).count != days.count { member.node.report("days must be increasing") }
            paceOrder.append(member.key)
            paces[member.key] = days
        }
        if let chooseNode = object.optional("choose"), choose < 1 { chooseNode.report("must be at least 1") }
        return ThemeSettings(pool: pool, defaults: defaults, choose: choose, paceOrder: paceOrder, paces: paces)
    }
}

/// Content ids: lowercase `a-z0-9-`, at most 24 characters, so payloads stay short.
enum Identifier {
    static let maximumLength = 24

    static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.count <= maximumLength
            && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func read(_ node: JSONNode) -> String? {
        guard let id = node.string() else { return nil }
        return check(id, at: node) ? id : nil
    }

    @discardableResult
    static func check(_ id: String, at node: JSONNode) -> Bool {
        guard isValid(id) else {
            node.report("\"\(id)\" is not a valid id (lowercase a-z, 0-9 and '-', at most \(maximumLength) characters)")
            return false
        }
        return true
    }
}
