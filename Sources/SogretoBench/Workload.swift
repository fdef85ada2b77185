/// What a simulated user sends in the benchmark. Each kind gets exactly one reply from the bot,
/// which is what makes exact lost/duplicate accounting possible.
enum BenchUpdate: String, Sendable, CaseIterable {
    /// `/start` is not in the mix: for a user already on the journey it answers with two messages
    /// (a greeting and the current step), which would break the one-reply accounting.
    case contact = "/contact"
    case help = "/help"
    case status = "/status"
    /// A press on a button the bot no longer offers: answered with a callback answer only.
    case staleButton = "r:n"

    var expectedReply: ReplyKind {
        self == .staleButton ? .callbackAnswer : .message
    }
}

/// The kind of bot request that counts as a reply.
enum ReplyKind: Sendable {
    case message
    case callbackAnswer

    init?(method: String) {
        switch method {
        case "sendMessage": self = .message
        case "answerCallbackQuery": self = .callbackAnswer
        default: return nil
        }
    }
}

/// The update schedule: round-robin over a shuffled order of users (every user is reached in the
/// first `users / rate` seconds, and each user's updates are `users / rate` seconds apart), with a
/// seeded mix of kinds so a run is reproducible.
struct Workload: Sendable {
    let users: Int
    let total: Int
    private let order: [Int]
    private let seed: UInt64

    init(users: Int, total: Int, seed: UInt64 = 0x5EED) {
        self.users = users
        self.total = total
        self.seed = seed
        var generator = SplitMix64(seed: seed)
        self.order = Array(0..<users).shuffled(using: &generator)
    }

    /// The user (index into the created users) and what they send, for update number `index`.
    func update(at index: Int) -> (user: Int, update: BenchUpdate) {
        let user = order[index % users]
        var generator = SplitMix64(seed: seed ^ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        // Mostly commands, a fifth button presses, a few returning users' /start.
        let roll = generator.next() % 100
        let update: BenchUpdate = roll < 40 ? .help : roll < 70 ? .status : roll < 90 ? .staleButton : .contact
        return (user, update)
    }
}

/// A small, fast, seedable generator (Vigna's SplitMix64), so schedules repeat run to run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
