/// A moment in the emulator's traffic, reported as it happens to `EmulatorConfiguration.observer`,
/// so a benchmark can time update-to-reply latency without keeping or scanning request logs.
public enum EmulatorEvent: Sendable {
    /// An update became available to the bot's `getUpdates`.
    case updateQueued(updateID: Int64, chatID: Int64?, at: ContinuousClock.Instant)
    /// The emulator finished one bot request (it took effect when `succeeded`). `chatID` is the
    /// chat it was about; for `answerCallbackQuery`, the chat where the button was pressed.
    case botRequest(method: String, chatID: Int64?, succeeded: Bool, at: ContinuousClock.Instant)
}
