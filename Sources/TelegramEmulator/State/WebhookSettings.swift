import Foundation

/// What setWebhook stored.
struct WebhookSettings: Sendable {
    var url: String
    var secretToken: String?
    var maxConnections: Int
    var allowedUpdates: [String]?
}
