import Foundation
import StrictJSON

/// Collects problems while content is read; one log per load so every problem is reported.
final class ProblemLog {
    private(set) var problems: [ContentProblem] = []

    func report(_ file: String, _ path: String, _ message: String) {
        problems.append(ContentProblem(file: file, jsonPath: path, message: message))
    }
}

/// A JSON value together with where it came from. Typed accessors return nil and log a
/// problem naming the path when the value has the wrong type, so decoding continues and
/// finds every other problem too.
struct JSONNode {
    let value: JSONTree
    let file: String
    let path: String
    let log: ProblemLog

    func report(_ message: String) { log.report(file, path, message) }

    func child(_ key: String, _ value: JSONTree) -> JSONNode {
        JSONNode(value: value, file: file, path: path + Self.pathComponent(for: key), log: log)
    }

    static func pathComponent(for key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        return plain ? ".\(key)" : "[\"\(key)\"]"
    }

    private func expected(_ type: String) {
        report("expected \(type), found \(value.typeName)")
    }

    func string() -> String? {
        guard case .string(let text) = value else { expected("a string"); return nil }
        return text
    }

    /// A non-empty string (content texts and labels must say something).
    func text() -> String? {
        guard let text = string() else { return nil }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { report("must not be empty"); return nil }
        return text
    }

    func int() -> Int? {
        guard case .number(let number, _) = value else { expected("an integer"); return nil }
        guard number.rounded() == number, abs(number) < 1e9 else { report("expected an integer, found \(number)"); return nil }
        return Int(number)
    }

    func bool() -> Bool? {
        guard case .bool(let flag) = value else { expected("true or false"); return nil }
        return flag
    }

    func array() -> [JSONNode]? {
        guard case .array(let elements) = value else { expected("an array"); return nil }
        return elements.enumerated().map { JSONNode(value: $1, file: file, path: "\(path)[\($0)]", log: log) }
    }

    func stringArray() -> [String]? {
        array()?.compactMap { $0.string() }
    }

    func intArray() -> [Int]? {
        array()?.compactMap { $0.int() }
    }

    /// The value as an object. Duplicate keys are reported (the first wins); keys outside
    /// `allowed` are reported as unknown (a typo would otherwise silently drop a text).
    /// Keys starting with `_` are comments and ignored.
    func object(allowed: Set<String>? = nil) -> JSONObject? {
        guard case .object(let members) = value else { expected("an object"); return nil }
        var seen: Set<String> = []
        var kept: [(key: String, node: JSONNode)] = []
        for member in members {
            if member.key.hasPrefix("_") { continue }
            let node = child(member.key, member.value)
            guard seen.insert(member.key).inserted else {
                node.report("duplicate key \"\(member.key)\" (only the first is used)")
                continue
            }
            if let allowed, !allowed.contains(member.key) {
                node.report("unknown key \"\(member.key)\"; allowed here: \(allowed.sorted().joined(separator: ", "))")
                continue
            }
            kept.append((member.key, node))
        }
        return JSONObject(node: self, members: kept)
    }
}

/// An object's members in file order, with access that reports missing required keys.
struct JSONObject {
    let node: JSONNode
    let members: [(key: String, node: JSONNode)]

    var keys: [String] { members.map(\.key) }

    func optional(_ key: String) -> JSONNode? {
        members.first { $0.key == key }?.node
    }

    func required(_ key: String) -> JSONNode? {
        guard let found = optional(key) else {
            node.report("missing required key \"\(key)\"")
            return nil
        }
        return found
    }
}
