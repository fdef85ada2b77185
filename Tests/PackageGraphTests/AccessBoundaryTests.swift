import Foundation
import Testing
import TestSupport

/// What the access rule in ARCHITECTURE.md rests on: the package exports no library, so `public`
/// reaches no further than `package` and the compiler-kept boundary is `internal`. A library
/// product would make `public` an API for other packages, and the rule would need revisiting.
@Suite struct AccessBoundaryTests {
    @Test func thePackageExportsNoLibrarySoPublicReachesNoFurtherThanPackage() async throws {
        let graph = try await PackageGraph.load(from: Repository.root)
        #expect(graph.libraries.isEmpty, "library products: \(graph.libraries.sorted())")
    }

    @Test func aLibraryProductInTheManifestIsRead() throws {
        let json = Data(
            """
            {"targets": [{"name": "A", "dependencies": []}],
             "products": [{"name": "a", "type": {"library": ["automatic"]}},
                          {"name": "tool", "type": {"executable": null}}]}
            """.utf8)
        #expect(try PackageGraph.decode(json).libraries == ["a"])
    }
}
