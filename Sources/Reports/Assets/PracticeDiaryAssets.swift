public import Foundation

/// What a piece of text is, typographically. Both roles are set in one face, DejaVu Serif.
///
/// One face on purpose: libharu 2.3.0 builds a 65 536-entry CID map, a width array and a 128 KB
/// CIDToGIDMap for every UTF-8 TrueType font in every document (measured ≈ 5–10 ms and 30–60 KB
/// per font, more than all ten photos cost), so a second face would make each diary ~40 %
/// slower. The hierarchy comes from size, colour and spaced capitals instead. Pointing `.label`
/// at another file (e.g. DejaVuSans.ttf) is all it takes to bring a second face back.
public enum FontRole: CaseIterable, Sendable {
    /// Headings, the wish, answers and the manifesto.
    case text
    /// Labels, captions, the chart and page numbers.
    case label

    var fileName: String {
        switch self {
        case .text, .label: return "DejaVuSerif.ttf"
        }
    }
}

/// Fonts and localized strings read once from the `assets` folder and shared by every render.
public struct PracticeDiaryAssets: Sendable {
    public let directory: URL
    private let textFont: TrueTypeFont
    private let labelFont: TrueTypeFont
    private let strings: [String: PracticeDiaryStrings]

    /// The locales the assets folder provides strings for.
    public static let locales = ["ru", "en"]

    /// Loads the fonts of the roles (`fonts/DejaVuSerif.ttf`) and `locales/diary.<locale>.json`.
    public init(directory: URL) throws {
        let probe = directory.appendingPathComponent("locales/diary.ru.json").path
        guard FileManager.default.fileExists(atPath: probe) else {
            throw ReportsError.assetsMissing(directory.path)
        }
        self.directory = directory
        textFont = try TrueTypeFont(contentsOf: Self.fontURL(.text, in: directory))
        // Roles that share a file share one parse (the tables are copy-on-write arrays).
        labelFont = FontRole.label.fileName == FontRole.text.fileName
            ? textFont : try TrueTypeFont(contentsOf: Self.fontURL(.label, in: directory))
        var strings: [String: PracticeDiaryStrings] = [:]
        for locale in Self.locales {
            strings[locale] = try PracticeDiaryStrings.load(locale: locale,
                                                   from: directory.appendingPathComponent("locales"))
        }
        self.strings = strings
    }

    func fontURL(_ role: FontRole) -> URL { Self.fontURL(role, in: directory) }

    static func fontURL(_ role: FontRole, in directory: URL) -> URL {
        directory.appendingPathComponent("fonts").appendingPathComponent(role.fileName)
    }

    /// The parsed font of a role.
    public func font(_ role: FontRole) -> TrueTypeFont {
        switch role {
        case .text: return textFont
        case .label: return labelFont
        }
    }

    func strings(for locale: String) throws -> PracticeDiaryStrings {
        guard let found = strings[locale] else {
            throw ReportsError.dataInvalid("locale \"\(locale.prefix(10))\" is not \"ru\" or \"en\"")
        }
        return found
    }
}
