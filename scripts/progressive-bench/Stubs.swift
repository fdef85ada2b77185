// The few Media types the progressive decoder's files use, so that they build on their own.
import Foundation

struct MediaError: Error {
    enum Reason { case corrupt, processing }
    let reason: Reason
    let message: String
    init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }
}

struct PixelRect {
    let left: Int, top: Int, width: Int, height: Int
}

struct PhotoProbe {
    var maxPixels = 50_000_000
}

protocol JPEGRowSource: AnyObject {
    var width: Int { get }
    var height: Int { get }
    func read(into pixels: UnsafeMutablePointer<UInt8>, stride: Int, count: Int) throws
    func finish() throws
}
