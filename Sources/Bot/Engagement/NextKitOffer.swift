import Foundation
import Program

/// "Kits you haven't grown yet": each kit of the catalog with a shop that none of the user's
/// journeys walked, in their language, with its line and a link to the shop (the kit's own page,
/// else `SOGRETO_SHOP_URL`). Said once when a journey's closing words come, and in /status after.
struct NextKitOffer {
    let catalog: ProgramCatalog
    let strings: BotStrings
    /// `SOGRETO_SHOP_URL`: the link for kits without a page of their own; nil: no link.
    let shopURL: URL?

    /// The offer's text, or nil when every kit on offer has been grown (nothing to say then).
    func text(for progress: UserProgress?, locale: String) -> String? {
        let kits = catalog.kitsNotGrown(by: progress)
        guard !kits.isEmpty else { return nil }
        let items = kits.map { item(for: $0, locale: locale) }
        return ([strings.text("next_kit_title", locale)] + items + [strings.text("next_kit_how", locale)])
            .joined(separator: "\n\n")
    }

    /// The offer as its own message.
    func message(for progress: UserProgress?, locale: String) -> OutboxAction? {
        text(for: progress, locale: locale).map { .message(text: $0, keyboard: nil) }
    }

    private func item(for program: Program, locale: String) -> String {
        let texts = program.texts[program.contentLocale(for: locale)]
        let kit = Self.plain(texts?.kitName ?? program.id)
        let line = Self.plain(texts?.shopLine ?? "")
        var item = strings.text("next_kit_item", locale, ["kit": kit, "line": line])
        if let url = program.shop?.url ?? shopURL {
            item += "\n<a href=\"\(Self.attribute(url.absoluteString))\">\(strings.text("next_kit_shop", locale))</a>"
        }
        return item
    }

    private static func plain(_ html: String) -> String {
        (try? TelegramHTML.plainText(of: html)) ?? html
    }

    /// A URL inside a double-quoted HTML attribute.
    private static func attribute(_ text: String) -> String {
        TelegramHTML.escape(text).replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension AnalyticsEvent {
    /// A journey on a kit code began after another journey: "started a second kit" in the funnel.
    static let nextKitKind = "next_kit"
}
