import StrictJSON

/// The texts of a locale file that carry variants: `"unlock": {"variants": {"a": "…", "b": "…"}}`.
/// Decoding never sees that shape: each variant set is resolved to one text first, so every
/// variant goes through the same decoder and rules as any text.
struct TextVariants {
    /// A text with variants, found at `path` (a JSON path from `$`, as problems name places).
    struct Site {
        let path: String
        let node: JSONNode
        /// Variant id → its value, in file order (a value that is not a string is kept to be reported).
        let values: [(id: String, value: JSONTree)]
    }

    let sites: [Site]

    init(root: JSONNode) {
        var found: [Site] = []
        Self.collect(root.value, path: "$", root: root, into: &found)
        sites = found
    }

    /// The document with every variant set replaced by the variant `pick` names for its path
    /// (the first one when it names none or one the site lacks).
    func resolved(_ root: JSONNode, pick: (String) -> String?) -> JSONNode {
        JSONNode(value: Self.resolve(root.value, path: "$", pick: pick), file: root.file, path: root.path, log: root.log)
    }

    /// Like `resolved`, reporting into another log (a variant's problems are compared with the control's).
    func resolved(_ root: JSONNode, log: ProblemLog, pick: (String) -> String?) -> JSONNode {
        JSONNode(value: Self.resolve(root.value, path: "$", pick: pick), file: root.file, path: root.path, log: log)
    }

    static func isVariantSet(_ value: JSONTree) -> [(key: String, value: JSONTree)]? {
        guard case .object(let members) = value, members.count == 1, members[0].key == "variants",
              case .object(let variants) = members[0].value else { return nil }
        return variants
    }

    private static func collect(_ value: JSONTree, path: String, root: JSONNode, into found: inout [Site]) {
        if let variants = isVariantSet(value) {
            let node = JSONNode(value: value, file: root.file, path: path, log: root.log)
            found.append(Site(path: path, node: node, values: variants.map { ($0.key, $0.value) }))
            return
        }
        switch value {
        case .object(let members):
            for member in members where !member.key.hasPrefix("_") {
                collect(member.value, path: path + JSONNode.pathComponent(for: member.key), root: root, into: &found)
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() { collect(element, path: "\(path)[\(index)]", root: root, into: &found) }
        default: break
        }
    }

    private static func resolve(_ value: JSONTree, path: String, pick: (String) -> String?) -> JSONTree {
        if let variants = isVariantSet(value) {
            let wanted = pick(path)
            return (variants.first { $0.key == wanted } ?? variants.first)?.value ?? .null
        }
        switch value {
        case .object(let members):
            return .object(members.map { member in
                member.key.hasPrefix("_") ? member
                    : (member.key, resolve(member.value, path: path + JSONNode.pathComponent(for: member.key), pick: pick))
            })
        case .array(let elements):
            return .array(elements.enumerated().map { resolve($1, path: "\(path)[\($0)]", pick: pick) })
        default:
            return value
        }
    }

    /// "stages.sprouts.unlock" as written in `program.json` → "$.stages.sprouts.unlock".
    static func jsonPath(of declared: String) -> String {
        "$" + declared.split(separator: ".", omittingEmptySubsequences: false).map { JSONNode.pathComponent(for: String($0)) }.joined()
    }
}
