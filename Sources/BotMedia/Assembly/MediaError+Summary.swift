public import Bot
public import Media

/// Media's sentences are written for logs (never user text), so error rows and logs show them.
extension MediaError: SafelyDescribedError {
    public var safeDescription: String { description }
}
