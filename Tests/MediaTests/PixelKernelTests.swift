import CPixels
import Foundation
import Testing
@testable import Media

extension MediaTests {
    /// CPixels picks AVX2 code when the CPU has it; the portable code must give the same bytes.
    @Suite("Pixel kernels")
    struct PixelKernelTests {
        @Test("the SIMD resampler gives exactly the portable resampler's bytes",
              arguments: [(2000, 1500, 1600, 1200, 3), (1600, 1200, 320, 240, 3), (961, 1283, 240, 321, 3),
                          (100, 80, 37, 29, 1), (64, 48, 64, 96, 3),
                          // thousands of taps per output: no stack array grows with them
                          (600, 6000, 5, 3, 3), (6000, 40, 3, 40, 3), (997, 3, 13, 1, 1)])
        func simdMatchesPortable(inWidth: Int, inHeight: Int, outWidth: Int, outHeight: Int, bands: Int) throws {
            // Given noisy pixels (every sample value occurs) and one resampler
            var state: UInt32 = 99
            let input = (0..<(inWidth * inHeight * bands)).map { _ in
                state = state &* 1_103_515_245 &+ 12345
                return UInt8(truncatingIfNeeded: state >> 24)
            }
            let resampler = try #require(sg_px_resampler_new(Int32(inWidth), Int32(inHeight), Int32(outWidth),
                                                             Int32(outHeight), Int32(bands)))
            defer { sg_px_resampler_free(resampler) }
            var simd = [UInt8](repeating: 0, count: outWidth * outHeight * bands)
            var portable = simd
            // When the whole output is computed both ways
            let a = input.withUnsafeBufferPointer { source in
                simd.withUnsafeMutableBufferPointer {
                    sg_px_resample(resampler, source.baseAddress, inWidth * bands, $0.baseAddress, outWidth * bands,
                                   0, Int32(outWidth), 0, Int32(outHeight))
                }
            }
            let b = input.withUnsafeBufferPointer { source in
                portable.withUnsafeMutableBufferPointer {
                    sg_px_resample_portable(resampler, source.baseAddress, inWidth * bands, $0.baseAddress,
                                            outWidth * bands, 0, Int32(outWidth), 0, Int32(outHeight))
                }
            }
            // Then both succeed with identical bytes
            #expect(a == 0 && b == 0)
            #expect(simd == portable)
        }

        @Test("a strip computed alone equals the same rows of the whole image")
        func stripsMatchTheWhole() throws {
            let (inWidth, inHeight, outWidth, outHeight) = (500, 400, 200, 160)
            let input = (0..<(inWidth * inHeight * 3)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
            let resampler = try #require(sg_px_resampler_new(Int32(inWidth), Int32(inHeight), Int32(outWidth),
                                                             Int32(outHeight), 3))
            defer { sg_px_resampler_free(resampler) }
            var whole = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
            _ = input.withUnsafeBufferPointer { source in
                whole.withUnsafeMutableBufferPointer {
                    sg_px_resample(resampler, source.baseAddress, inWidth * 3, $0.baseAddress, outWidth * 3,
                                   0, Int32(outWidth), 0, Int32(outHeight))
                }
            }
            // When output rows 50..<66 are computed from only the input rows they need
            var x0: Int32 = 0, y0: Int32 = 0, x1: Int32 = 0, y1: Int32 = 0
            sg_px_resampler_needs(resampler, 0, Int32(outWidth), 50, 16, &x0, &y0, &x1, &y1)
            var strip = [UInt8](repeating: 0, count: outWidth * 16 * 3)
            let status = input.withUnsafeBufferPointer { source in
                strip.withUnsafeMutableBufferPointer {
                    sg_px_resample(resampler, source.baseAddress! + Int(y0) * inWidth * 3, inWidth * 3,
                                   $0.baseAddress, outWidth * 3, 0, Int32(outWidth), 50, 16)
                }
            }
            // Then they equal those rows of the whole
            #expect(status == 0 && x0 == 0 && x1 == Int32(inWidth) && y1 > y0)
            #expect(strip == Array(whole[(50 * outWidth * 3)..<(66 * outWidth * 3)]))
        }
    }
}

extension MediaTests.PixelKernelTests {
    @Test("turning pixels upright places every byte where EXIF says, in strips or whole",
          arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func uprightMatchesTheDefinition(orientation: Int) throws {
        for (width, height) in [(37, 70), (64, 33), (1, 5), (70, 65)] {
            // Given distinct pixel values and the upright position EXIF defines for each
            let pixel = 3
            let input = (0..<(width * height * pixel)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 251) }
            let outWidth = orientation >= 5 ? height : width
            var expected = [UInt8](repeating: 0, count: input.count)
            for y in 0..<height {
                for x in 0..<width {
                    let (ux, uy) = Fixtures.displayPosition(x: x, y: y, width: width, height: height, orientation: orientation)
                    for b in 0..<pixel { expected[(uy * outWidth + ux) * pixel + b] = input[(y * width + x) * pixel + b] }
                }
            }
            // When the image is turned upright
            let memory = try #require(malloc(input.count)?.assumingMemoryBound(to: UInt8.self))
            memory.update(from: input, count: input.count)
            let upright = try RGBPixels(width: width, height: height, owning: memory).upright(orientation)
            // Then it equals the definition, byte for byte
            #expect([UInt8](UnsafeBufferPointer(start: upright.bytes, count: input.count)) == expected,
                    "orientation \(orientation), \(width)x\(height)")
        }
    }
}
