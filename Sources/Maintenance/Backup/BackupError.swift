public import Bot

/// A backup or restore that could not be done, with one sentence saying what happened and what
/// to do. Paths inside a backup are named; secrets and user data never are.
public struct BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case noDatabase
        case backupFailed
        case damagedBackup
        case targetNotEmpty
        case targetInUse
        case restoreFailed
    }

    public let code: Code
    public let description: String

    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}

/// Its sentences name paths and causes only, so logs and error rows show them whole.
extension BackupError: SafelyDescribedError {
    public var safeDescription: String { description }
}
