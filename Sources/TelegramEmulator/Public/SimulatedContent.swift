import Foundation

/// The other things a user can send besides text, photos and documents.
package enum SimulatedContent: Sendable, Hashable {
    case sticker(emoji: String)
    case voice(duration: Int)
    case audio(duration: Int, title: String?)
    case video(duration: Int)
    case videoNote(duration: Int)
    case animation
    case location(latitude: Double, longitude: Double)
    case contact(phoneNumber: String, firstName: String)
    case poll(question: String, options: [String])
    case dice(emoji: String)
}
