import Foundation

/// The web chat's three files (HTML, CSS, JavaScript; no build step), read once at start-up
/// from `assets/sandbox` so a missing file stops the sandbox with a clear sentence.
struct SandboxPage: Sendable {
    struct Asset: Sendable {
        let contentType: String
        let body: Data
    }

    let assets: [String: Asset]

    static let files: [(name: String, contentType: String)] = [
        ("index.html", "text/html; charset=utf-8"),
        ("sandbox.css", "text/css; charset=utf-8"),
        ("sandbox.js", "text/javascript; charset=utf-8"),
    ]

    static func load(from directory: URL) throws(SandboxError) -> SandboxPage {
        var assets: [String: Asset] = [:]
        for file in files {
            guard let body = try? Data(contentsOf: directory.appendingPathComponent(file.name)) else {
                throw SandboxError(
                    "The web chat's file \(file.name) is missing from \(directory.path): run from the repository root or set SOGRETO_ASSETS_DIR to its assets folder.")
            }
            assets[file.name] = Asset(contentType: file.contentType, body: body)
        }
        return SandboxPage(assets: assets)
    }

    func asset(_ name: String) -> Asset? {
        assets[name]
    }
}
