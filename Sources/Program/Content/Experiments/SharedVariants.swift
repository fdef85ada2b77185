import Foundation
import StrictJSON
/// The variants of the locale files every kit shares: the engine's strings of each combination
/// of the experiments covering them, and the bot's texts with variants (the bot resolves those).
public struct SharedVariants: Sendable {
    /// `VariantSelection.key(for: engineExperiments)` → locale → the engine's strings.
    let engine: [String: [String: UIStrings]]
    let engineExperiments: [Experiment]
    /// Texts of `bot.<locale>.json` with variants.
    public let bot: [SharedTextVariant]

    static let none = SharedVariants(engine: [:], engineExperiments: [], bot: [])

    /// The engine's strings as a user with `selection` sees them (nil: the control's).
    func engineStrings(_ selection: VariantSelection) -> [String: UIStrings]? {
        guard !engine.isEmpty else { return nil }
        let key = selection.key(for: engineExperiments)
        return key.isEmpty ? nil : engine[key]
    }
}

extension SharedVariants {
    /// `program.<locale>.json`: the control decoded for the engine, and every combination of the
    /// experiments covering it decoded too, so each variant passes the same rules as the control.
    static func engineStrings(roots: [String: JSONNode], experiments: [Experiment], complete: Bool)
        -> (strings: [String: UIStrings], variants: [String: [String: UIStrings]], experiments: [Experiment]) {
        let covered = CoveredTexts.shared(.engine, experiments, complete: complete)
        var strings: [String: UIStrings] = [:]
        var unsound: Set<String> = []
        for (locale, root) in roots.sorted(by: { $0.key < $1.key }) {
            let sites = TextVariants(root: root).sites
            if !covered.isEmpty || !sites.isEmpty { unsound.formUnion(VariantRules.check(sites, covered: covered, root: root)) }
            if let decoded = UIStringsDecoder.decode(ExperimentContent.control(of: root, covered), locale: locale) { strings[locale] = decoded }
        }
        let owners = experiments.filter { !$0.sharedKeys(in: .engine).isEmpty }
        guard !owners.isEmpty else { return (strings, [:], owners) }
        let combinations = ExperimentContent.combinations(owners)
        guard combinations.count <= Experiment.maximumCombinations else {
            roots.values.first?.report("\(combinations.count) combinations of variants of the engine's strings; at most \(Experiment.maximumCombinations): stop or adopt an experiment first")
            return (strings, [:], owners)
        }
        var variants: [String: [String: UIStrings]] = [:]
        for selection in combinations {
            let key = selection.key(for: owners)
            guard !key.isEmpty else { continue }
            var decoded: [String: UIStrings] = [:]
            for (locale, root) in roots {
                decoded[locale] = ExperimentContent.decodeVariant(root, selection: selection, covered: covered, unsound: unsound) {
                    UIStringsDecoder.decode($0, locale: locale)
                }
            }
            if decoded.count == roots.count { variants[key] = decoded }
        }
        return (strings, variants, owners)
    }

    /// `bot.<locale>.json`: only its variants are read here. Each is checked as the bot sends
    /// such a text: valid Telegram HTML within a message, or a short one-line plain label for a
    /// `…button…` key; all of a text's variants use the same placeholders.
    static func botTexts(roots: [String: JSONNode], experiments: [Experiment], complete: Bool) -> [SharedTextVariant] {
        let covered = CoveredTexts.shared(.bot, experiments, complete: complete)
        var texts: [String: [String: [String: String]]] = [:] // key → locale → variant → text
        var unsound: Set<String> = []
        for (locale, root) in roots.sorted(by: { $0.key < $1.key }) {
            let sites = TextVariants(root: root).sites
            guard !covered.isEmpty || !sites.isEmpty else { continue }
            unsound.formUnion(VariantRules.check(sites, covered: covered, root: root))
            for site in sites {
                let key = covered.name(of: site.path).dropFirst("bot:".count)
                for (id, value) in site.values {
                    guard case .string(let text) = value else { continue }
                    let node = JSONNode(value: value, file: root.file, path: site.path + ".variants" + JSONNode.pathComponent(for: id), log: root.log)
                    checkBotText(text, label: key.contains("button"), at: node)
                    texts[String(key), default: [:]][locale, default: [:]][id] = text
                }
            }
        }
        return texts.keys.sorted().compactMap { key in
            guard !unsound.contains("$" + JSONNode.pathComponent(for: key)) else { return nil }
            guard let experiment = covered.owners["$" + JSONNode.pathComponent(for: key)]?.first else { return nil }
            return SharedTextVariant(file: .bot, key: key, experimentID: experiment.id, control: experiment.control, texts: texts[key] ?? [:])
        }
    }

    private static func checkBotText(_ text: String, label: Bool, at node: JSONNode) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { node.report("must not be empty") }
        if label {
            if text.contains("<") || text.contains("&") { node.report("a button label is plain text: no HTML or entities") }
            if text.contains("\n") { node.report("a button label must be one line") }
            if text.count > TextRules.buttonLabelLimit {
                node.report("button label is \(text.count) characters; the limit is \(TextRules.buttonLabelLimit) so it fits a phone screen")
            }
            return
        }
        do {
            let length = try TelegramHTML.parsedLength(of: text)
            if length > TelegramHTML.contentLimit {
                node.report("text is \(length) UTF-16 units after HTML parsing; the limit is \(TelegramHTML.contentLimit) (Telegram allows \(TelegramHTML.messageLimit); the bot may add a line)")
            }
        } catch {
            node.report(error.description)
        }
    }
}
