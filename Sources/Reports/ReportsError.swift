import Foundation

/// Everything that can go wrong while making a diary, as one sentence each.
///
/// Messages name files and fields but never quote the user's own text.
public struct ReportsError: Error, Equatable, Sendable, CustomStringConvertible {
    private enum Code: Equatable, Sendable {
        case dataUnreadable(String)
        case dataInvalid(String)
        case unsupportedVersion(Int)
        case assetsMissing(String)
        case stringsUnreadable(String, String)
        case fontUnreadable(String, String)
        case photoUnreadable(String, String)
        case libharu(status: UInt, detail: UInt, during: String)
        case outputUnwritable(String, String)
    }

    private let code: Code

    public var description: String {
        switch code {
        case .dataUnreadable(let reason):
            return "The diary data cannot be read: \(reason)."
        case .dataInvalid(let reason):
            return "The diary data is invalid: \(reason)."
        case .unsupportedVersion(let version):
            return "The diary data has version \(version), but this build reads version \(PracticeDiaryData.currentVersion); export it again."
        case .assetsMissing(let path):
            return "The diary assets are missing at \(path); pass --assets or set SOGRETO_ASSETS_DIR to the project's assets folder."
        case .stringsUnreadable(let file, let reason):
            return "The diary strings file \(file) cannot be used: \(reason)."
        case .fontUnreadable(let file, let reason):
            return "The font \(file) cannot be used: \(reason)."
        case .photoUnreadable(let name, let reason):
            return "The photo \(name) cannot be embedded: \(reason)."
        case .libharu(let status, let detail, let during):
            let hex = String(status, radix: 16, uppercase: true)
            return "libharu failed with error 0x\(hex) (detail \(detail)) while \(during)."
        case .outputUnwritable(let path, let reason):
            return "The PDF cannot be written to \(path): \(reason)."
        }
    }

    static func dataUnreadable(_ reason: String) -> Self { .init(code: .dataUnreadable(reason)) }
    static func dataInvalid(_ reason: String) -> Self { .init(code: .dataInvalid(reason)) }
    static func unsupportedVersion(_ version: Int) -> Self { .init(code: .unsupportedVersion(version)) }
    static func assetsMissing(_ path: String) -> Self { .init(code: .assetsMissing(path)) }
    static func stringsUnreadable(_ file: String, reason: String) -> Self {
        .init(code: .stringsUnreadable(file, reason))
    }
    static func fontUnreadable(_ file: String, reason: String) -> Self { .init(code: .fontUnreadable(file, reason)) }
    static func photoUnreadable(_ name: String, reason: String) -> Self {
        .init(code: .photoUnreadable(name, reason))
    }
    static func libharu(status: UInt, detail: UInt, during: String) -> Self {
        .init(code: .libharu(status: status, detail: detail, during: during))
    }
    static func outputUnwritable(_ path: String, reason: String) -> Self {
        .init(code: .outputUnwritable(path, reason))
    }
}
