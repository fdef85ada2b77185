import Foundation

/// One inline keyboard button as the user sees it.
public struct InlineButton: Sendable, Hashable {
    public var text: String
    public var callbackData: String?
    public var url: String?

    public init(text: String, callbackData: String? = nil, url: String? = nil) {
        self.text = text
        self.callbackData = callbackData
        self.url = url
    }
}
