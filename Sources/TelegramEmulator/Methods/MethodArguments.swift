import Foundation

/// Typed access to one call's parameters, failing with Telegram's wording.
struct MethodArguments: Sendable {
    var spec: MethodSpec
    var parameters: RequestParameters

    /// Parameters the emulator does not interpret for this method.
    var ignoredNames: [String] {
        parameters.values.keys.filter { spec.parameter($0) == nil && !isAttachment($0) }.sorted()
    }

    /// Files referenced as `attach://name` are parts of the request, not unknown parameters.
    private func isAttachment(_ name: String) -> Bool {
        if case .file = parameters[name] { return true }
        return false
    }

    func text(_ name: String) -> String? { parameters.text(name) }

    func value(_ name: String) -> ParameterValue? { parameters[name] }

    func integer(_ name: String) throws(APIFailure) -> Int64? {
        guard let text = text(name), !text.isEmpty else { return nil }
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)) else {
            throw .badRequest("invalid \(name) specified")
        }
        return value
    }

    func int(_ name: String) throws(APIFailure) -> Int? {
        try integer(name).map { Int(clamping: $0) }
    }

    func bool(_ name: String) -> Bool {
        guard let text = text(name)?.lowercased() else { return false }
        return text == "true" || text == "1"
    }

    /// `chat_id` as Telegram reads it: missing is "chat_id is empty", a name or junk is
    /// "chat not found" (the emulator has no public usernames).
    func chatID() throws(APIFailure) -> Int64 {
        guard let text = text("chat_id"), !text.isEmpty else { throw .badRequest("chat_id is empty") }
        guard let id = Int64(text) else { throw .chatNotFound }
        return id
    }

    func messageID() throws(APIFailure) -> Int {
        guard let text = text("message_id"), !text.isEmpty else {
            throw .badRequest("message identifier is not specified")
        }
        guard let id = Int(text) else { throw .badRequest("invalid message_id specified") }
        return id
    }

    func json(_ name: String) -> JSONValue? {
        text(name).flatMap { JSONValue.parse($0) }
    }
}
