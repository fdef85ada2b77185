/// Kinds of messages the bot does not converse with, and the kind reply each gets.
enum UnsupportedContent {
    static func replyKey(for message: Message) -> String {
        if message.photo != nil { return "photo_unsupported" }
        if message.sticker != nil { return "sticker" }
        if message.voice != nil || message.audio != nil || message.videoNote != nil { return "voice" }
        if message.location != nil || message.venue != nil { return "location" }
        if message.contact != nil { return "contact_card" }
        if message.poll != nil { return "poll" }
        if message.document != nil { return "document_unsupported" }
        return "media_unsupported"
    }
}
