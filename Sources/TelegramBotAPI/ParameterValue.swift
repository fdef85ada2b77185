public import Foundation

/// One parameter of a Bot API call, able to render itself both as a JSON value (for JSON bodies)
/// and as a form field (for multipart bodies, where Telegram expects nested objects as JSON text).
public enum ParameterValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case double(Double)
    /// An already-serialized JSON object or array (reply_markup, media, commands).
    case json(Data)
    case file(InputFile)

    var jsonFragment: Data {
        switch self {
        case .string(let value):
            return (try? JSONEncoder.telegram.encode(value)) ?? Data("\"\"".utf8)
        case .integer(let value): return Data(String(value).utf8)
        case .bool(let value): return Data((value ? "true" : "false").utf8)
        case .double(let value): return Data(String(value).utf8)
        case .json(let data): return data
        case .file: return Data("null".utf8)
        }
    }

    var formText: String? {
        switch self {
        case .string(let value): return value
        case .integer(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .double(let value): return String(value)
        case .json(let data): return String(decoding: data, as: UTF8.self)
        case .file: return nil
        }
    }

    static func encoded<T: Encodable>(_ value: T) -> ParameterValue {
        .json((try? JSONEncoder.telegram.encode(value)) ?? Data("null".utf8))
    }
}

/// A file to upload in a multipart body.
public struct InputFile: Sendable, Equatable {
    public var fileName: String
    public var mimeType: String
    public var data: Data

    public init(fileName: String, mimeType: String, data: Data) {
        self.fileName = fileName
        self.mimeType = mimeType
        self.data = data
    }
}

extension JSONEncoder {
    /// Compact, stable output: Telegram does not care about key order, tests and logs like it fixed.
    static let telegram: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
