import Testing
@testable import Media

extension MediaTests {
    /// The reduced IDCT turns its float sums into samples a vector at a time; each lane must be
    /// what `UInt8(clamping: Int32(x))` gives (truncated, clamped to 0 ... 255).
    @Suite("Reduced IDCT samples")
    struct ReducedIDCTTests {
        /// Every sixteenth from -64 to 276 (whole numbers odd and even, halves), the floats next to
        /// whole numbers and halves, and sums far out of range.
        static let sums: [Float] = {
            var sums = (-1024...4416).map { Float($0) / 16 }
            for whole in [0, 1, 2, 3, 64, 65, 127, 128, 129, 254, 255, 256] as [Float] {
                sums += [whole.nextDown, whole.nextUp, (whole + 0.5).nextDown, (whole + 0.5).nextUp]
            }
            return sums + [-4_000_000, -70_000, -256, 300, 1000, 70_000, 4_000_000]
        }()

        @Test("four lanes: truncated and clamped as Int32(x) then UInt8(clamping:), only the lanes asked for")
        func fourLanes() {
            for count in 1...4 {
                var wrong: [Float] = []
                for start in stride(from: 0, to: Self.sums.count, by: 4) {
                    let lanes = (0..<4).map { Self.sums[min(start + $0, Self.sums.count - 1)] }
                    var bytes = [UInt8](repeating: 0xA5, count: 5)
                    bytes.withUnsafeMutableBufferPointer {
                        SIMD4<Float>(lanes[0], lanes[1], lanes[2], lanes[3]).storeSamples($0.baseAddress!, count: count)
                    }
                    for lane in 0..<count where bytes[lane] != UInt8(clamping: Int32(lanes[lane])) { wrong.append(lanes[lane]) }
                    #expect(bytes[count...].allSatisfy { $0 == 0xA5 }, "lanes \(count)... were written")
                }
                #expect(wrong.isEmpty, "count \(count): \(wrong.prefix(8))")
            }
        }

        @Test("eight lanes: the same, for the IDCTs above 4/8")
        func eightLanes() {
            for count in 5...8 {
                var wrong: [Float] = []
                for start in stride(from: 0, to: Self.sums.count, by: 8) {
                    var lanes = SIMD8<Float>()
                    for lane in 0..<8 { lanes[lane] = Self.sums[min(start + lane, Self.sums.count - 1)] }
                    var bytes = [UInt8](repeating: 0xA5, count: 9)
                    bytes.withUnsafeMutableBufferPointer { lanes.storeSamples($0.baseAddress!, count: count) }
                    for lane in 0..<count where bytes[lane] != UInt8(clamping: Int32(lanes[lane])) { wrong.append(lanes[lane]) }
                    #expect(bytes[count...].allSatisfy { $0 == 0xA5 }, "lanes \(count)... were written")
                }
                #expect(wrong.isEmpty, "count \(count): \(wrong.prefix(8))")
            }
        }

        @Test("a block's values are read as vectors only where a row has four of them")
        func valuesAsFloats() {
            let values: [Int16] = [-32768, -1, 0, 1, 32767, 7, -9]
            values.withUnsafeBufferPointer { buffer in
                let four = SIMD4<Float>.floats(buffer.baseAddress!, count: 4)
                #expect(four == SIMD4<Float>(-32768, -1, 0, 1))
                let three = SIMD4<Float>.floats(buffer.baseAddress! + 3, count: 3)
                #expect(three == SIMD4<Float>(1, 32767, 7, 0))
                let five = SIMD8<Float>.floats(buffer.baseAddress! + 2, count: 5)
                #expect(five == SIMD8<Float>(0, 1, 32767, 7, -9, 0, 0, 0))
            }
        }
    }
}

extension MediaTests {
    /// 4:2:0 chroma is upsampled eight columns at a time between the line's first and last
    /// columns; every width must give libjpeg's h2v2 fancy upsampling, written out plainly here.
    @Suite("Progressive JPEG chroma upsampling")
    struct ChromaUpsamplingTests {
        static func reference(_ near: [UInt8], _ far: [UInt8]) -> [UInt8] {
            let count = near.count
            let column = { (x: Int) in 3 * Int(near[x]) + Int(far[x]) }
            return (0..<count).flatMap { x -> [UInt8] in
                let here = column(x)
                let previous = column(max(x - 1, 0))
                let following = column(min(x + 1, count - 1))
                return [UInt8((3 * here + previous + 8) >> 4), UInt8((3 * here + following + 7) >> 4)]
            }
        }

        @Test("every width from 1 to 40 upsamples as libjpeg's h2v2 fancy upsampling", arguments: 1...40)
        func matchesPlainUpsampling(count: Int) {
            // Samples that reach both ends of 0 ... 255 and vary column to column (a fixed sequence)
            let near = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 97 + ($0 % 3 == 0 ? 255 : 0)) }
            let far = (0..<count).map { UInt8(truncatingIfNeeded: 255 - $0 * 61) }
            var output = [UInt8](repeating: 0xA5, count: 2 * count + 1)
            output.withUnsafeMutableBufferPointer {
                ProgressiveJPEGRows.upsampleTwoByTwo(near: near, far: far, count: count, into: $0.baseAddress!)
            }
            #expect(Array(output.prefix(2 * count)) == Self.reference(near, far))
            #expect(output[2 * count] == 0xA5, "written past the line")
        }
    }
}
