import Testing

/// All Media suites run one after another: the leak check compares libvips' process-wide
/// object count, which work running in parallel would disturb.
@Suite(.serialized)
struct MediaTests {}
