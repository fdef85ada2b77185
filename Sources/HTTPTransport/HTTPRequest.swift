package import Foundation

/// A request beyond the Telegram client's GET and POST: any method, extra headers, a body
/// streamed from an open file, the reply's body to an open file, AWS Signature V4 by libcurl.
package struct HTTPRequest: Sendable {
    /// Where the body comes from.
    package enum Body: Sendable {
        case none
        case data(Data)
        /// `length` bytes of an open file from offset 0, read as libcurl sends them (never whole
        /// in memory); the caller keeps the descriptor open until the request is over.
        case file(descriptor: Int32, length: Int64)
    }

    /// libcurl signs the request (AWS Signature V4): `scope` as "aws:amz:REGION:SERVICE".
    package struct Signing: Sendable {
        package var scope: String
        package var accessKeyID: String
        package var secretAccessKey: String

        package init(scope: String, accessKeyID: String, secretAccessKey: String) {
            self.scope = scope
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
        }
    }

    package var method: String
    package var url: String
    /// "Name: value" lines.
    package var headers: [String]
    package var body: Body
    package var signing: Signing?
    package var limits: TransferLimits
    /// Names the request in errors (never the URL).
    package var label: String
    /// An open file a successful (2xx) reply's body goes to; other replies stay in memory.
    package var sink: Int32?
    package var maxBytes: Int

    package init(method: String, url: String, headers: [String] = [], body: Body = .none, signing: Signing? = nil,
                 limits: TransferLimits, label: String, sink: Int32? = nil, maxBytes: Int = Int.max) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.signing = signing
        self.limits = limits
        self.label = label
        self.sink = sink
        self.maxBytes = maxBytes
    }
}
