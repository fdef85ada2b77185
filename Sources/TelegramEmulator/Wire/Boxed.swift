import Foundation

/// An optional field kept behind a pointer. A `Message` has a dozen optional media payloads of
/// which at most one is set; stored inline they made every message over a kilobyte, so a
/// benchmark with tens of thousands of chats held tens of megabytes of empty fields. Boxed, each
/// costs one word. Encodes and decodes exactly like the optional it wraps (absent when nil).
@propertyWrapper
struct Boxed<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box?

    init(wrappedValue: Value?) {
        box = wrappedValue.map(Box.init)
    }

    var wrappedValue: Value? {
        get { box?.value }
        set { box = newValue.map(Box.init) }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        box = container.decodeNil() ? nil : Box(try container.decode(Value.self))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = box?.value { try container.encode(value) } else { try container.encodeNil() }
    }

    static func == (lhs: Boxed, rhs: Boxed) -> Bool {
        lhs.wrappedValue == rhs.wrappedValue
    }
}

extension KeyedEncodingContainer {
    /// Leaves the key out when the boxed value is nil, as synthesized Codable does for optionals.
    mutating func encode<Value>(_ value: Boxed<Value>, forKey key: Key) throws {
        if let wrapped = value.wrappedValue { try encode(wrapped, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// A missing key decodes to nil, as for optionals.
    func decode<Value>(_ type: Boxed<Value>.Type, forKey key: Key) throws -> Boxed<Value> {
        Boxed(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
    }
}
