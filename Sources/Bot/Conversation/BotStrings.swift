import Foundation

/// The bot's own user-facing texts (`assets/locales/bot.<locale>.json`), Russian first.
/// Templates are Telegram HTML; values substituted into `{placeholders}` are escaped.
public struct BotStrings: Sendable {
    public static let defaultLocale = "ru"
    private let tables: [String: [String: String]]

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(tables: [String: [String: String]]) {
        self.tables = tables
    }

    /// Loads every `bot.<locale>.json`; each locale must have exactly the keys of the default one.
    public static func load(from directory: URL) throws -> BotStrings {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var tables: [String: [String: String]] = [:]
        for file in files where file.hasPrefix("bot.") && file.hasSuffix(".json") {
            let locale = String(file.dropFirst(4).dropLast(5))
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            guard let table = try? JSONDecoder().decode([String: String].self, from: data) else {
                throw LoadError(description: "\(file): must be a JSON object of strings")
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
        return BotStrings(tables: tables)
    }

    public var locales: [String] { tables.keys.sorted() }

    /// The text for `key` in `locale` (falling back to Russian), with `values` escaped into it.
    /// `{count#photo|photos}` (Russian: `{count#фото|фото|фото}`) is the word's form for that number.
    public func text(_ key: String, _ locale: String, _ values: [String: String] = [:]) -> String {
        let stored = tables[locale] ?? tables[Self.defaultLocale]
        let template = Plural.fill(stored?[key] ?? tables[Self.defaultLocale]?[key] ?? key, values: values,
                                   locale: stored == nil ? Self.defaultLocale : locale)
        guard !values.isEmpty else { return template }
        var result = template
        for (name, value) in values {
            result = result.replacingOccurrences(of: "{\(name)}", with: HTML.escape(value))
        }
        return result
    }

    /// Russian unless Telegram says the user's app speaks a language we have (English today).
    public func locale(forLanguageCode code: String?) -> String {
        guard let code = code?.lowercased().split(separator: "-").first.map(String.init) else { return Self.defaultLocale }
        return tables[code] != nil ? code : Self.defaultLocale
    }
}
