/// An exchange that did not complete: the request could not be made or sent, the connection
/// failed or timed out, or the reply grew past its limit. Texts are libcurl's fixed sentences
/// and the transport's own, never the URL (which may carry a token). `label` names the request
/// for the caller's own error (a Telegram method, an S3 operation).
package struct TransportError: Error, Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// Not sent, not answered, or the reply could not be kept (the text says which).
        case transport(String)
        /// The reply had more than `limit` bytes: `bytes` when it was stopped.
        case fileTooBig(bytes: Int, limit: Int)
        /// A local file could not be read or written: sending again would not help.
        case localFile(String)
    }

    package var label: String
    package var kind: Kind

    package init(label: String, kind: Kind) {
        self.label = label
        self.kind = kind
    }
}
