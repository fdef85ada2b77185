/// A chat: the bot converses only in `private` ones.
public struct Chat: Codable, Sendable, Equatable {
    public var id: Int64
    public var type: String
    public var title: String?

    public init(id: Int64, type: String, title: String? = nil) {
        self.id = id
        self.type = type
        self.title = title
    }

    public var isPrivate: Bool { type == "private" }
}
