import Foundation

/// setWebhook: Telegram POSTs updates to `url` with `secret_token` in the
/// `X-Telegram-Bot-Api-Secret-Token` header.
public struct SetWebhook: TelegramMethod {
    public typealias Result = Bool
    public static let name = "setWebhook"
    public var url: String
    public var secretToken: String?
    public var allowedUpdates: [String]?
    public var maxConnections: Int?
    public var dropPendingUpdates: Bool?

    public init(url: String, secretToken: String?, allowedUpdates: [String]?, maxConnections: Int? = nil,
                dropPendingUpdates: Bool? = nil) {
        self.url = url
        self.secretToken = secretToken
        self.allowedUpdates = allowedUpdates
        self.maxConnections = maxConnections
        self.dropPendingUpdates = dropPendingUpdates
    }

    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add("url", url)
        list.add("max_connections", maxConnections)
        list.add(json: "allowed_updates", allowedUpdates)
        list.add("drop_pending_updates", dropPendingUpdates)
        list.add("secret_token", secretToken)
        return list.items
    }
}

/// getWebhookInfo: where Telegram delivers updates, how many wait, and the last delivery error.
package struct GetWebhookInfo: TelegramMethod {
    package typealias Result = WebhookInfo
    package static let name = "getWebhookInfo"
    package init() {}
    package var parameters: [Parameter] { [] }
}

public struct WebhookInfo: Decodable, Sendable, Equatable {
    public var url: String
    public var pendingUpdateCount: Int
    public var lastErrorMessage: String?

    public init(url: String, pendingUpdateCount: Int, lastErrorMessage: String? = nil) {
        self.url = url
        self.pendingUpdateCount = pendingUpdateCount
        self.lastErrorMessage = lastErrorMessage
    }

    enum CodingKeys: String, CodingKey {
        case url
        case pendingUpdateCount = "pending_update_count"
        case lastErrorMessage = "last_error_message"
    }
}
