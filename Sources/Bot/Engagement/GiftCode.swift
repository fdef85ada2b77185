import Foundation

/// A gift invite's code: short, random and unguessable (12 characters of an alphabet without
/// look-alikes, about 59 bits), carried in the deep link as `gift-<code>`.
enum GiftCode {
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
    static let length = 12
    /// The deep-link payload's prefix: `/start gift-<code>`.
    static let payloadPrefix = "gift-"

    /// A fresh code from the system's cryptographic generator.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    static func random<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// Whether `text` has the shape of a code we could have made (anything else is forged or mangled).
    static func isWellFormed(_ text: String) -> Bool {
        text.count == length && text.allSatisfy { alphabet.contains($0) }
    }

    /// The code in a `/start` payload of the gift kind (nil: not a gift link at all). A mangled
    /// code comes back as it is, so the friend hears the link was unreadable.
    static func code(inPayload payload: String?) -> String? {
        guard let payload, payload.lowercased().hasPrefix(payloadPrefix) else { return nil }
        return String(payload.dropFirst(payloadPrefix.count))
    }
}

/// What a gift gives: one of the catalog's programs, or a taste of the first days without a kit.
public enum GiftChoice: Sendable, Equatable, Hashable {
    case program(String)
    case taste

    /// As stored in `gift_codes.program` and carried in button data.
    public var stored: String {
        switch self {
        case .program(let id): id
        case .taste: Self.tasteID
        }
    }

    static let tasteID = "taste"

    public init(stored: String) {
        self = stored == Self.tasteID ? .taste : .program(stored)
    }
}
