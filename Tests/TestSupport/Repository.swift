import Foundation

/// The repository's folders, found from this file's place in it (Tests/TestSupport).
public enum Repository {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let assets = root.appendingPathComponent("assets")
}
