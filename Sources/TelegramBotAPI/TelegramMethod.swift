public import Foundation

/// A typed Bot API request: its name, its parameters and the type of its result.
public protocol TelegramMethod: Sendable {
    associatedtype Result: Decodable & Sendable
    static var name: String { get }
    var parameters: [Parameter] { get }
    /// How long Telegram may hold the request before it answers: a long poll's own timeout, 0 for
    /// every other method. The client adds its limits for the kind of request (`TelegramTimeouts`).
    var serverWait: TimeInterval { get }
}

extension TelegramMethod {
    public var serverWait: TimeInterval { 0 }
}

/// A named parameter; absent optional values are simply not listed.
public struct Parameter: Sendable, Equatable {
    public var name: String
    public var value: ParameterValue

    public init(_ name: String, _ value: ParameterValue) {
        self.name = name
        self.value = value
    }
}

/// Builds a parameter list, skipping nils, so method structs read as plain declarations.
struct ParameterList {
    private(set) var items: [Parameter] = []

    mutating func add(_ name: String, _ value: String?) {
        if let value { items.append(Parameter(name, .string(value))) }
    }
    mutating func add(_ name: String, _ value: Int64?) {
        if let value { items.append(Parameter(name, .integer(value))) }
    }
    mutating func add(_ name: String, _ value: Int?) {
        if let value { items.append(Parameter(name, .integer(Int64(value)))) }
    }
    mutating func add(_ name: String, _ value: Bool?) {
        if let value { items.append(Parameter(name, .bool(value))) }
    }
    mutating func add<T: Encodable>(json name: String, _ value: T?) {
        if let value { items.append(Parameter(name, .encoded(value))) }
    }
    mutating func add(_ name: String, _ file: InputFileReference?) {
        guard let file else { return }
        switch file {
        case .fileID(let id): items.append(Parameter(name, .string(id)))
        case .upload(let input): items.append(Parameter(name, .file(input)))
        }
    }
}

/// A file parameter: either something Telegram already has, or bytes to upload.
public enum InputFileReference: Sendable, Equatable {
    case fileID(String)
    case upload(InputFile)
}

/// `editMessageText` and friends return the edited Message, or `true` for inline messages.
public enum MessageOrTrue: Decodable, Sendable, Equatable {
    case message(Message)
    case `true`

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self), flag {
            self = .true
        } else {
            self = .message(try container.decode(Message.self))
        }
    }
}
