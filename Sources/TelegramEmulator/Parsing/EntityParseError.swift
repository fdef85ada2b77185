import Foundation

/// Why Telegram could not parse the entities of a text; its sentence follows
/// "Bad Request: can't parse entities: ".
struct EntityParseError: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
