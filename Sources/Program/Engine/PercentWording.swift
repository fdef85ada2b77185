/// A share written as a percentage the way the user's language writes numbers: one decimal
/// below 10 % when it is not whole (0.4 % is not 0 %), a decimal comma and a space before
/// the sign in Russian ("0,4 %", "12 %"), a point and no space in English ("0.4%", "12%").
public struct PercentWording: Sendable, Equatable {
    public let decimalSeparator: String
    let sign: String

    public init(locale: String) {
        let russian = locale.hasPrefix("ru")
        decimalSeparator = russian ? "," : "."
        sign = russian ? "\u{00A0}%" : "%"
    }

    /// `share` is 0…1.
    public func format(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        let whole = tenths / 10, tenth = tenths % 10
        let number = whole < 10 && tenth != 0 ? "\(whole)\(decimalSeparator)\(tenth)" : "\(Int((share * 100).rounded()))"
        return number + sign
    }
}
