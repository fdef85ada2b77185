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
