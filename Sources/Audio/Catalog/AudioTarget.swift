/// What a track narrates within a program: a step of a stage, a daily theme, or a whole stage
/// that has no steps (the manifesto).
public enum AudioTarget: Hashable, Sendable, CustomStringConvertible {
    case step(stage: String, step: String)
    case theme(String)
    case stage(String)

    public var description: String {
        switch self {
        case .step(let stage, let step): "step \(stage).\(step)"
        case .theme(let theme): "theme \(theme)"
        case .stage(let stage): "stage \(stage)"
        }
    }

    /// A short id for file names: `planting.sowing`, `theme.slowness`, `manifesto`.
    var slug: String {
        switch self {
        case .step(let stage, let step): "\(stage).\(step)"
        case .theme(let theme): "theme.\(theme)"
        case .stage(let stage): stage
        }
    }
}
