public import Foundation

/// Where a kit is sold, for the "kits you have not grown yet" offer: a program with a `"shop"`
/// in `program.json` is offered to users who finished another kit, with the short line each of
/// its locale files gives (`"shopLine"`). Without a `url` the bot's `SOGRETO_SHOP_URL` is used.
public struct KitShop: Sendable, Equatable {
    /// The kit's own page in the shop; nil: the shop's main address (`SOGRETO_SHOP_URL`).
    public let url: URL?

    public init(url: URL?) {
        self.url = url
    }

    /// Longest shop line, in characters of plain text: one line under the kit's name on a phone.
    static let maxLineLength = 140
}

/// Reads and checks `"shop": { "url": "https://…" }` and the locale files' `"shopLine"`.
enum KitShopRules {
    static func read(_ node: JSONNode?) -> KitShop? {
        guard let node, let object = node.object(allowed: ["url"]) else { return nil }
        guard let urlNode = object.optional("url") else { return KitShop(url: nil) }
        guard let text = urlNode.string() else { return nil }
        guard let url = URL(string: text), url.scheme?.lowercased() == "https", let host = url.host, !host.isEmpty,
              !text.contains(" "), !text.contains("\"") else {
            urlNode.report("a shop address is a full https:// URL such as https://shop.example/basil")
            return nil
        }
        return KitShop(url: url)
    }
}

extension ProgramTextsDecoder {
    /// `"shopLine"`: required when `program.json` has a `"shop"`, refused without one; Telegram
    /// HTML without placeholders, one short line.
    func decodeShopLine(_ node: JSONNode?, parent: JSONObject) -> String? {
        guard structure.shop != nil else {
            node?.report("a shop line needs \"shop\" in program.json (the kit is not offered without it)")
            return nil
        }
        guard let node else {
            parent.node.report("missing key \"shopLine\" (program.json has a \"shop\": the kit is offered to users of other kits)")
            return nil
        }
        guard let text = node.text() else { return nil }
        rules.checkHTML(text, at: node, placeholders: .forbidden)
        let plain = (try? TelegramHTML.plainText(of: text)) ?? text
        if plain.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { node.report("must not be empty") }
        if plain.count > KitShop.maxLineLength {
            node.report("\(plain.count) characters; a shop line has room for \(KitShop.maxLineLength)")
        }
        if plain.contains("\n") { node.report("a shop line is one line") }
        return text
    }
}
