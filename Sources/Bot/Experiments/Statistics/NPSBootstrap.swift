/// NPS (promoters 9–10 minus detractors 0–6, in points from −100 to 100) of two groups, the
/// difference's 95 % interval by a percentile bootstrap with a seeded generator (the same data
/// always gives the same interval), and a normal-approximation sample size at 80 % power.
struct NPSBootstrap: Sendable, Equatable {
    let control: Double
    let variant: Double
    let difference: Double
    let low: Double
    let high: Double

    init?(control first: [Int], variant second: [Int], resamples: Int = 2000, seed: UInt64 = 0x5067_7265_746f) {
        guard !first.isEmpty, !second.isEmpty, resamples > 0 else { return nil }
        control = Self.score(first)
        variant = Self.score(second)
        difference = variant - control
        var generator = SplitMix64(seed: seed)
        var differences: [Double] = []
        differences.reserveCapacity(resamples)
        let a = first.map(Self.weight), b = second.map(Self.weight)
        for _ in 0..<resamples {
            differences.append(Self.resampled(b, &generator) - Self.resampled(a, &generator))
        }
        differences.sort()
        low = differences[Int((Double(resamples - 1) * 0.025).rounded())]
        high = differences[Int((Double(resamples - 1) * 0.975).rounded())]
    }

    /// Significant when the interval leaves out zero.
    var isSignificant: Bool { low > 0 || high < 0 }

    static func score(_ answers: [Int]) -> Double {
        guard !answers.isEmpty else { return 0 }
        return 100 * Double(answers.reduce(0) { $0 + weight($1) }) / Double(answers.count)
    }

    static func weight(_ answer: Int) -> Int {
        answer >= 9 ? 1 : (answer <= 6 ? -1 : 0)
    }

    private static func resampled(_ weights: [Int], _ generator: inout SplitMix64) -> Double {
        var sum = 0
        for _ in weights.indices { sum += weights[Int(generator.next() % UInt64(weights.count))] }
        return 100 * Double(sum) / Double(weights.count)
    }

    /// Respondents per group to detect the observed NPS difference (nil when there is none).
    static func sampleSize(control first: [Int], variant second: [Int]) -> Int? {
        guard !first.isEmpty, !second.isEmpty else { return nil }
        func variance(_ answers: [Int]) -> Double {
            let weights = answers.map(weight).map(Double.init)
            let mean = weights.reduce(0, +) / Double(weights.count)
            return weights.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(weights.count)
        }
        let difference = (score(second) - score(first)) / 100
        guard difference != 0 else { return nil }
        let z = TwoProportionTest.zHalfAlpha + TwoProportionTest.zPower
        return TwoProportionTest.wholeUsers(z * z * (variance(first) + variance(second)) / (difference * difference))
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64): the bootstrap must give
/// the same interval for the same data on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
