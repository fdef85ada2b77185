import CVips
import Foundation

/// Bridges byte buffers between Swift and the shim.
enum VipsBytes {
    /// Adopts a glib-allocated buffer the shim returned, without copying it.
    static func adopt(_ pointer: UnsafeMutableRawPointer?, count: Int) -> Data {
        guard let pointer, count > 0 else {
            sg_vips_free(pointer)
            return Data()
        }
        return Data(bytesNoCopy: pointer, count: count, deallocator: .custom { memory, _ in
            sg_vips_free(memory)
        })
    }

    /// Calls `body` with a shim out-parameter pair and adopts what it returns.
    static func produce(
        _ reason: MediaError.Reason, _ context: String,
        _ body: (UnsafeMutablePointer<UnsafeMutableRawPointer?>, UnsafeMutablePointer<Int>) -> Int32
    ) throws -> Data {
        var pointer: UnsafeMutableRawPointer?
        var count = 0
        guard body(&pointer, &count) == 0 else {
            sg_vips_free(pointer)
            throw MediaRuntime.failure(reason, context)
        }
        return adopt(pointer, count: count)
    }
}
