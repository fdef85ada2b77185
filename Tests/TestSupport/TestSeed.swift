import Foundation

/// A replayable source of randomness for tests: the seed comes from `SOGRETO_TEST_SEED` when set,
/// otherwise it is drawn fresh and printed, so a failing run can be repeated exactly.
public struct TestSeed: RandomNumberGenerator, Sendable, CustomStringConvertible {
    public let seed: UInt64
    private var state: UInt64

    public init(_ test: String = #function) {
        let given = ProcessInfo.processInfo.environment["SOGRETO_TEST_SEED"].flatMap { UInt64($0) }
        self.init(seed: given ?? UInt64.random(in: 0 ... UInt64.max))
        print("\(test): \(description)")
    }

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// SplitMix64: small, fast and good enough for choosing test moments.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    public var description: String { "seed \(seed) (replay with SOGRETO_TEST_SEED=\(seed))" }
}
