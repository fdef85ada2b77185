import Foundation

extension GiftSettings {
    /// SOGRETO_GIFT_MAX_USES (friends one invite may start, 1 by default), SOGRETO_GIFT_VALID_DAYS
    /// (30) and SOGRETO_BOT_USERNAME (otherwise learned from getMe at start).
    init(_ reader: VariableReader) throws {
        self.init()
        maxUses = try reader.integer("SOGRETO_GIFT_MAX_USES", default: 1, range: 1...100)
        validDays = try reader.integer("SOGRETO_GIFT_VALID_DAYS", default: 30, range: 1...365)
        if let name = reader.string("SOGRETO_BOT_USERNAME") {
            let bare = name.hasPrefix("@") ? String(name.dropFirst()) : name
            guard (5...32).contains(bare.count), bare.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw ConfigurationError(variable: "SOGRETO_BOT_USERNAME",
                                         message: "must be the bot's username, 5 to 32 letters, digits or _, got \"\(name)\"")
            }
            botUsername = bare
        }
    }
}
