import Foundation
package import Media

/// The crash drill's and operators' check of stored media: every blob's content matches its key
/// (`BlobAudit`, through the blob store, so the folder and S3 alike).
package enum MediaAudit {
    package typealias Report = BlobAudit.Report

    package static func audit(_ store: any BlobStore) async throws -> Report {
        try await BlobAudit.audit(store)
    }
}
