import Foundation

extension ProgramCatalog {
    /// The kits offered to this user: every program with a shop (`KitShop`) that none of their
    /// journeys (the current one, the earlier ones, the cards they collected) walked, in catalog order.
    public func kitsNotGrown(by progress: UserProgress?) -> [Program] {
        let walked = Self.programsWalked(by: progress)
        return programs.filter { $0.shop != nil && !walked.contains($0.id) }
    }

    /// Every program id a user's journeys touched.
    static func programsWalked(by progress: UserProgress?) -> Set<String> {
        guard let progress else { return [] }
        return Set([progress.programID] + (progress.earlierJourneys ?? []).map(\.programID)
                   + (progress.collection ?? []).map(\.programID))
    }

    /// A kit code whose prefix names a program (`bs-2026-0042`): something printed on a kit, not
    /// words that happen to start with a prefix. The prefix, a `-` or `_`, and at least one digit after it.
    public func recognizesKitCode(_ code: String) -> Bool {
        guard code.count <= 64, let separator = code.firstIndex(where: { $0 == "-" || $0 == "_" }),
              code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }),
              code[code.index(after: separator)...].contains(where: \.isNumber) else { return false }
        return program(forKitCode: code).recognized
    }
}
