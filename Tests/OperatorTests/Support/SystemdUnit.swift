import Foundation

/// Just enough of systemd's unit syntax to test ours: `Key=value` lines by section, repeated
/// keys kept in order, `%i` specifiers and `$VAR` word expansion in ExecStart.
struct SystemdUnit {
    private(set) var entries: [(section: String, key: String, value: String)] = []

    init(_ text: String) {
        var section = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") { section = String(line.dropFirst().dropLast()); continue }
            guard let equals = line.firstIndex(of: "=") else { continue }
            entries.append((section, String(line[..<equals]), String(line[line.index(after: equals)...])))
        }
    }

    func values(_ key: String, in section: String = "Service") -> [String] {
        entries.filter { $0.section == section && $0.key == key }.map(\.value)
    }

    func value(_ key: String, in section: String = "Service") -> String? { values(key, in: section).last }

    /// `Environment=` assignments with `%i` replaced, then the environment file over them (as systemd does).
    func environment(instance: String, file: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for assignment in values("Environment") {
            let expanded = assignment.replacingOccurrences(of: "%i", with: instance)
            if let equals = expanded.firstIndex(of: "=") {
                result[String(expanded[..<equals])] = String(expanded[expanded.index(after: equals)...])
            }
        }
        result.merge(file) { _, new in new }
        return result
    }

    /// ExecStart as argv: `%i` replaced, `$VAR` split into words (absent → no word).
    func execStart(instance: String, environment: [String: String]) -> [String] {
        let line = (value("ExecStart") ?? "").replacingOccurrences(of: "%i", with: instance)
        return line.split(separator: " ").flatMap { word -> [String] in
            guard word.hasPrefix("$") else { return [String(word)] }
            let name = word.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
            return (environment[name] ?? "").split(separator: " ").map(String.init)
        }
    }
}
