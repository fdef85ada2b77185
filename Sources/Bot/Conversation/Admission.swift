/// What the per-user rate limiter says about one update.
public enum Admission: Sendable, Equatable {
    case allowed
    /// The first update over the limit: the user gets one calm notice.
    case firstRejection
    /// Later updates over the limit are ignored (callback queries still get their spinner stopped).
    case ignored
}
