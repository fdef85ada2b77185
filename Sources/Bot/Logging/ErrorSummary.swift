import Audio
import BlobStore
import Foundation
import GRDB
import HTTPTransport
import S3

/// An error that can say what went wrong in one line fit for logs and error rows: the cause in
/// its library's words, never values, user text, tokens or passwords.
public protocol SafelyDescribedError: Error {
    var safeDescription: String { get }
}

/// What an error says in a log line or an error row. The type's name alone told an operator
/// nothing ("DatabaseError"); SQLite's code and message, libcurl's text and Telegram's
/// (redacted) description say what to fix. Unknown errors still give only their type's name,
/// since their descriptions may carry anything; log an error through this, never as `"\(error)"`.
public enum ErrorSummary {
    public static func of(_ error: any Error) -> String {
        switch error {
        case let error as any SafelyDescribedError:
            return error.safeDescription
        case let error as DatabaseError:
            // SQLite's own message names a constraint, a table or the SQL near a syntax error;
            // statement arguments (which could hold user text) are never in it.
            return "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "no message")"
        case let error as TelegramError:
            return withoutQuotes(error.description)
        case let error as TransportError:
            switch error.kind {
            case .transport(let text), .localFile(let text): return "\(error.label): \(text)"
            case .fileTooBig(let bytes, let limit): return "\(error.label): reply of \(bytes) bytes over \(limit)"
            }
        case let error as BlobStoreError:
            return error.description
        case let error as S3Error:
            return error.description
        case let error as AudioError:
            return error.description
        case is CancellationError:
            return "cancelled"
        default:
            return "\(type(of: error))"
        }
    }

    /// Telegram quotes from the message it refused ("Unsupported start tag \"…\"" for a tag that
    /// came from a user's words): the quoted part goes, the sentence around it stays.
    static func withoutQuotes(_ text: String) -> String {
        var result = ""
        var quoted = false
        for character in text {
            if character == "\"" {
                result.append(quoted ? "…\"" : "\"")
                quoted.toggle()
            } else if !quoted {
                result.append(character)
            }
        }
        if quoted { result.append("…") }
        return result
    }
}
