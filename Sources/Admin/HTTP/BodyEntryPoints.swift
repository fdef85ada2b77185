package import Bot
package import Foundation

/// The admin API's request-body parsers, reachable from the fuzzer (same package only).
package enum BodyEntryPoints {
    /// The body of `PUT /admin/users/:id/quota`; throws `AdminError` as the route does.
    package static func parseQuota(_ body: Data) throws -> MediaQuota.Change {
        try QuotaBody.parse(body)
    }
}
