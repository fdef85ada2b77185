import Foundation
import Program

/// The bot's own user-facing texts (`assets/locales/bot.<locale>.json`), Russian first.
/// Templates are Telegram HTML; values substituted into `{placeholders}` are escaped.
public struct BotStrings: Sendable {
    public static let defaultLocale = "ru"
    private let tables: [String: [String: String]]
    /// Texts with variants (key → its variants) and the variant of each experiment this copy
    /// shows (`showing(_:)`); both empty on the hot path when nothing is being tested.
    private var variants: [String: SharedTextVariant] = [:]
    private var selection: [String: String] = [:]

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    public init(tables: [String: [String: String]]) {
        self.tables = tables
    }

    /// Loads every `bot.<locale>.json`; each locale must have exactly the keys of the default one.
    /// A text may carry variants (`{"variants": {"a": "…", "b": "…"}}`) when `variants` (the
    /// catalog's, checked by `content check`) has it: the control is the text, the rest wait for `showing`.
    public static func load(from directory: URL, variants: [SharedTextVariant] = []) throws -> BotStrings {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let declared = Dictionary(variants.filter { $0.file == .bot }.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var tables: [String: [String: String]] = [:]
        for file in files where file.hasPrefix("bot.") && file.hasSuffix(".json") {
            let locale = String(file.dropFirst(4).dropLast(5))
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            guard let entries = try? JSONDecoder().decode([String: Entry].self, from: data) else {
                throw LoadError(description: "\(file): must be a JSON object of strings (or {\"variants\": {…}} of strings)")
            }
            var table: [String: String] = [:]
            for (key, entry) in entries {
                switch entry {
                case .text(let text): table[key] = text
                case .variants(let texts):
                    guard let variant = declared[key], let control = texts[variant.control] else {
                        throw LoadError(description: "\(file): \"\(key)\" has variants no experiment covers (run sogreto content check)")
                    }
                    table[key] = control
                }
            }
            tables[locale] = table
        }
        guard let base = tables[defaultLocale] else {
            throw LoadError(description: "\(directory.path)/bot.\(defaultLocale).json is missing")
        }
        for (locale, table) in tables where locale != defaultLocale {
            let missing = Set(base.keys).subtracting(table.keys).sorted()
            let extra = Set(table.keys).subtracting(base.keys).sorted()
            if !missing.isEmpty || !extra.isEmpty {
                throw LoadError(description: "bot.\(locale).json: missing keys \(missing), unknown keys \(extra)")
            }
        }
        var strings = BotStrings(tables: tables)
        strings.variants = declared
        return strings
    }

    /// One value of a strings file: a text, or a text with variants.
    private enum Entry: Decodable {
        case text(String)
        case variants([String: String])

        private enum Keys: String, CodingKey { case variants }

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                self = .text(text)
            } else {
                self = .variants(try decoder.container(keyedBy: Keys.self).decode([String: String].self, forKey: .variants))
            }
        }
    }

    /// These texts as a user with `selection` sees them (nil, or no text with variants: unchanged).
    func showing(_ selection: VariantSelection?) -> BotStrings {
        guard let selection, !variants.isEmpty else { return self }
        var copy = self
        copy.selection = selection.variants
        return copy
    }

    public var locales: [String] { tables.keys.sorted() }

    /// The text for `key` in `locale` (falling back to Russian), with `values` escaped into it.
    /// `{count#photo|photos}` (Russian: `{count#фото|фото|фото}`) is the word's form for that number.
    public func text(_ key: String, _ locale: String, _ values: [String: String] = [:]) -> String {
        let stored = tables[locale] ?? tables[Self.defaultLocale]
        let written = stored == nil ? Self.defaultLocale : locale
        let text = selection.isEmpty ? nil : variant(key, written)
        let template = Plural.fill(text ?? stored?[key] ?? tables[Self.defaultLocale]?[key] ?? key, values: values,
                                   locale: written)
        guard !values.isEmpty else { return template }
        var result = template
        for (name, value) in values {
            result = result.replacingOccurrences(of: "{\(name)}", with: HTML.escape(value))
        }
        return result
    }

    private func variant(_ key: String, _ locale: String) -> String? {
        guard let variant = variants[key], let chosen = selection[variant.experimentID] else { return nil }
        return variant.texts[locale]?[chosen] ?? variant.texts[Self.defaultLocale]?[chosen]
    }

    /// Russian unless Telegram says the user's app speaks a language we have (English today).
    public func locale(forLanguageCode code: String?) -> String {
        guard let code = code?.lowercased().split(separator: "-").first.map(String.init) else { return Self.defaultLocale }
        return tables[code] != nil ? code : Self.defaultLocale
    }
}
