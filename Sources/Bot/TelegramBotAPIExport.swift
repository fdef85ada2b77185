// Bot's own API speaks the Bot API's types (updates in, messages out), so whoever imports Bot
// gets them too, as before they had a module of their own.
@_exported import TelegramBotAPI
