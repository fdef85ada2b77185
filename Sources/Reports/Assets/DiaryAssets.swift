import Foundation

/// The two typefaces the diary sets text in.
///
/// Two, not more: every TrueType font costs libharu 2.3.0 a 65 536-entry CID map per document
/// (≈ 8–12 ms and ≈ 30–90 KB each), so a third face would cost more than all the photos.
public enum FontRole: CaseIterable, Sendable {
    /// DejaVu Serif: headings, the wish, answers and the manifesto.
    case serif
    /// DejaVu Sans: labels, captions, the chart and page numbers.
    case sans

    var fileName: String {
        switch self {
        case .serif: return "DejaVuSerif.ttf"
        case .sans: return "DejaVuSans.ttf"
        }
    }
}

/// Fonts and localized strings read once from the `assets` folder and shared by every render.
public struct DiaryAssets: Sendable {
    public let directory: URL
    private let serifFont: TrueTypeFont
    private let sansFont: TrueTypeFont
    private let strings: [String: DiaryStrings]

    /// The locales the assets folder provides strings for.
    public static let locales = ["ru", "en"]

    /// Loads `fonts/DejaVuSerif.ttf`, `fonts/DejaVuSans.ttf` and `locales/diary.<locale>.json`.
    public init(directory: URL) throws {
        let probe = directory.appendingPathComponent("locales/diary.ru.json").path
        guard FileManager.default.fileExists(atPath: probe) else {
            throw ReportsError.assetsMissing(directory.path)
        }
        self.directory = directory
        serifFont = try TrueTypeFont(contentsOf: Self.fontURL(.serif, in: directory))
        sansFont = try TrueTypeFont(contentsOf: Self.fontURL(.sans, in: directory))
        var strings: [String: DiaryStrings] = [:]
        for locale in Self.locales {
            strings[locale] = try DiaryStrings.load(locale: locale,
                                                   from: directory.appendingPathComponent("locales"))
        }
        self.strings = strings
    }

    /// Finds the assets folder: `SOGRETO_ASSETS_DIR`, else `./assets`, else an `assets` folder
    /// beside or above the executable (so `.build/release/sogreto` works from anywhere).
    public static func locate(environment: [String: String], currentDirectory: URL,
                              executable: URL?) -> URL {
        if let configured = environment["SOGRETO_ASSETS_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured, relativeTo: currentDirectory).standardizedFileURL
        }
        let local = currentDirectory.appendingPathComponent("assets")
        if looksLikeAssets(local) { return local }
        var folder = executable?.resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            guard let current = folder else { break }
            let candidate = current.appendingPathComponent("assets")
            if looksLikeAssets(candidate) { return candidate }
            folder = current.deletingLastPathComponent()
        }
        return local
    }

    func fontURL(_ role: FontRole) -> URL { Self.fontURL(role, in: directory) }

    static func fontURL(_ role: FontRole, in directory: URL) -> URL {
        directory.appendingPathComponent("fonts").appendingPathComponent(role.fileName)
    }

    /// The parsed font of a role.
    public func font(_ role: FontRole) -> TrueTypeFont {
        switch role {
        case .serif: return serifFont
        case .sans: return sansFont
        }
    }

    func strings(for locale: String) throws -> DiaryStrings {
        guard let found = strings[locale] else {
            throw ReportsError.dataInvalid("locale \"\(locale.prefix(10))\" is not \"ru\" or \"en\"")
        }
        return found
    }

    private static func looksLikeAssets(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent("locales/diary.ru.json").path)
    }
}
