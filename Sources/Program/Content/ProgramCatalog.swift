public import Foundation

/// Every program the bot knows and the engine's UI strings, loaded and validated together.
public struct ProgramCatalog: Sendable {
    /// Russian: every program has it, and it is the fallback for any other locale.
    public static let baseLocale = "ru"
    /// Locales the engine's own strings must exist in.
    static let uiLocales = ["ru", "en"]

    /// Programs sorted by id.
    public let programs: [Program]
    /// The program unknown kit codes get.
    let fallbackProgram: Program
    let uiStrings: [String: UIStrings]
    let baseStrings: UIStrings
    /// Variants of the locale files every kit shares (the engine's strings, the bot's texts).
    public internal(set) var sharedVariants: SharedVariants = .none

    init(programs: [Program], fallback: Program, uiStrings: [String: UIStrings], baseStrings: UIStrings) {
        self.programs = programs.sorted { $0.id < $1.id }
        self.fallbackProgram = fallback
        self.uiStrings = uiStrings
        self.baseStrings = baseStrings
    }

    /// Loads every program folder under `programsDirectory` (`assets/programs`) and the UI strings
    /// in `localesDirectory` (`assets/locales`), or throws every problem found.
    public static func load(from programsDirectory: URL, uiStrings localesDirectory: URL) throws(ContentError) -> ProgramCatalog {
        let loader = ContentLoader(assetsRoot: programsDirectory.deletingLastPathComponent())
        let folders = loader.programFolders(in: programsDirectory)
        return try loader.catalog(programFolders: folders, localesDirectory: localesDirectory, wholeCatalog: true)
    }

    /// Loads and validates a single program folder (for `sogreto content check <program dir>`);
    /// catalog-wide rules such as "exactly one fallback program" are not applied.
    public static func load(programDirectory: URL, uiStrings localesDirectory: URL) throws(ContentError) -> ProgramCatalog {
        let loader = ContentLoader(assetsRoot: programDirectory.deletingLastPathComponent().deletingLastPathComponent())
        return try loader.catalog(programFolders: [programDirectory], localesDirectory: localesDirectory, wholeCatalog: false)
    }

    public func program(id: String) -> Program? {
        programs.first { $0.id == id }
    }

    /// The program for a kit code by its prefix (`mg-123` → the program with prefix `mg`); an
    /// unknown or missing code gives the fallback program with `recognized == false`.
    public func program(forKitCode code: String?) -> (program: Program, recognized: Bool) {
        if let prefix = Self.kitPrefix(of: code), let match = programs.first(where: { $0.kitPrefixes.contains(prefix) }) {
            return (match, true)
        }
        return (fallbackProgram, false)
    }

    /// The prefix of a kit code: the letters and digits before the first `-` or `_`, lowercased.
    static func kitPrefix(of code: String?) -> String? {
        guard let code else { return nil }
        let prefix = code.lowercased().prefix { $0 != "-" && $0 != "_" }
        return prefix.isEmpty ? nil : String(prefix)
    }

    /// The engine's strings for a locale, falling back to Russian.
    public func strings(for locale: String) -> UIStrings {
        uiStrings[locale] ?? baseStrings
    }

    /// Locales the engine can speak (its UI strings exist).
    public var uiLocaleIDs: [String] { uiStrings.keys.sorted() }
}
