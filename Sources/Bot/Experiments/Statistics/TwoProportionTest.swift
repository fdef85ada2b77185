import Foundation

/// The two-proportion z-test (pooled standard error for the test, unpooled for the 95 %
/// interval of the difference), and the sample size per group that would detect a difference
/// of the observed size at 5 % significance (two-sided) with 80 % power.
struct TwoProportionTest: Sendable, Equatable {
    let control: Double
    let variant: Double
    /// variant − control.
    let difference: Double
    let low: Double
    let high: Double
    let z: Double
    let pValue: Double

    /// z for 97.5 % and 80 % of the standard normal distribution.
    static let zHalfAlpha = 1.959963984540054
    static let zPower = 0.8416212335729143

    init?(controlConversions x1: Int, controlSize n1: Int, variantConversions x2: Int, variantSize n2: Int) {
        guard n1 > 0, n2 > 0, (0...n1).contains(x1), (0...n2).contains(x2) else { return nil }
        let p1 = Double(x1) / Double(n1), p2 = Double(x2) / Double(n2)
        control = p1
        variant = p2
        difference = p2 - p1
        let unpooled = (p1 * (1 - p1) / Double(n1) + p2 * (1 - p2) / Double(n2)).squareRoot()
        low = difference - Self.zHalfAlpha * unpooled
        high = difference + Self.zHalfAlpha * unpooled
        let pooled = Double(x1 + x2) / Double(n1 + n2)
        let standardError = (pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))).squareRoot()
        z = standardError > 0 ? difference / standardError : 0
        pValue = standardError > 0 ? 2 * (1 - Self.normalCDF(abs(z))) : 1
    }

    var isSignificant: Bool { pValue < 0.05 }

    static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// Users per group to detect `p1` vs `p2`; nil when they are equal (no sample would).
    static func sampleSize(_ p1: Double, _ p2: Double) -> Int? {
        guard p1 != p2 else { return nil }
        let mean = (p1 + p2) / 2
        let root = zHalfAlpha * (2 * mean * (1 - mean)).squareRoot() + zPower * (p1 * (1 - p1) + p2 * (1 - p2)).squareRoot()
        return wholeUsers(root * root / ((p1 - p2) * (p1 - p2)))
    }

    /// More users than anyone will have means "no sample would": a tiny difference must not
    /// overflow `Int` (which would trap).
    static let sampleSizeCap = 1_000_000_000.0

    static func wholeUsers(_ value: Double) -> Int? {
        guard value.isFinite, value >= 0 else { return nil }
        return Int(min(value, sampleSizeCap).rounded(.up))
    }
}
