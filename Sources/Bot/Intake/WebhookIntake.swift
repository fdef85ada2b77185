import Foundation
import Logging

/// Webhook mode's intake, free of any HTTP framework: checks the secret header, decodes the
/// update and applies it through the same `UpdateProcessor` as long polling (so the same
/// `processed_updates` idempotency holds), in order per chat.
///
/// It answers only after the update's transaction has committed (milliseconds): a crash before
/// that leaves Telegram without a 2xx, so Telegram delivers the update again and nothing is lost;
/// a repeat is recognised by its update id.
public struct WebhookIntake: Sendable {
    /// What the HTTP layer should answer.
    public enum Response: Sendable, Equatable {
        case accepted
        case missingSecret
        case wrongSecret

        public var status: Int {
            switch self {
            case .accepted: 200
            case .missingSecret: 401
            case .wrongSecret: 403
            }
        }
    }

    /// The header Telegram puts the secret token in.
    public static let secretHeader = "X-Telegram-Bot-Api-Secret-Token"
    /// Telegram's updates are a few kilobytes; anything near this is not an update.
    public static let maxBodyBytes = 1 << 20

    let processor: UpdateProcessor
    let secret: Secret
    let lanes = ChatLanes()
    let logger: Logger

    public init(processor: UpdateProcessor, secret: Secret, logger: Logger) {
        self.processor = processor
        self.secret = secret
        self.logger = logger
    }

    public func receive(body: Data, secretToken: String?) async -> Response {
        guard let secretToken, !secretToken.isEmpty else {
            logger.warning("webhook request without the secret header refused")
            return .missingSecret
        }
        guard Self.constantTimeEquals(Array(secretToken.utf8), Array(secret.value.utf8)) else {
            logger.warning("webhook request with a wrong secret refused")
            return .wrongSecret
        }
        let update: Update
        do {
            update = try JSONDecoder().decode(Update.self, from: body)
        } catch {
            // A 2xx, or Telegram would resend the same unreadable body forever and hold the queue.
            logger.error("webhook body is not an update; dropped", metadata: ["bytes": "\(body.count)"])
            return .accepted
        }
        let processor = processor
        await lanes.run(update.chatID ?? -update.updateID) { await processor.process(update) }
        return .accepted
    }

    /// Equal only when identical: a length mismatch is refused outright (the secret's length is
    /// not what protects it), and equal lengths are compared over every byte whatever the first
    /// difference, so timing does not reveal a prefix.
    static func constantTimeEquals(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        guard given.count == expected.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<expected.count {
            difference |= given[index] ^ expected[index]
        }
        return difference == 0
    }
}
