extension SupportMessage {
    /// A row read back by a store implementation in another module (the memberwise init is internal).
    package static func stored(userID: Int64, direction: Direction, adminID: Int64?, kind: String, text: String?,
                               fileID: String?) -> SupportMessage {
        SupportMessage(userID: userID, direction: direction, adminID: adminID, kind: kind, text: text, fileID: fileID)
    }
}
