/// SplitMix64: small, fast and the same on every machine, so a seed replays the same inputs.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Byte-level mutations of a seed input, with a per-target dictionary of tokens the format uses
/// (tags, keys, markers), so mutants reach past the first syntax check.
struct Mutator {
    let dictionary: [[UInt8]]
    let maxSize: Int

    private static let interesting: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF, 0xFE, 0xC0, 0xE0, 0xF0, 0xF4, 0xED,
                                               UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"),
                                               UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: ";"),
                                               UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "-")]

    func mutate(_ seed: [UInt8], splicing other: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        let rounds = 1 + Int(rng.next() % 6)
        for _ in 0..<rounds { apply(Int(rng.next() % 10), to: &bytes, other: other, rng: &rng) }
        if bytes.count > maxSize { bytes.removeLast(bytes.count - maxSize) }
        return bytes
    }

    private func apply(_ kind: Int, to bytes: inout [UInt8], other: [UInt8], rng: inout SeededGenerator) {
        func position(_ limit: Int) -> Int { limit <= 0 ? 0 : Int(rng.next() % UInt64(limit)) }
        switch kind {
        case 0 where !bytes.isEmpty:  // flip one bit
            let at = position(bytes.count)
            bytes[at] ^= UInt8(1 << (rng.next() % 8))
        case 1 where !bytes.isEmpty:  // an interesting byte
            bytes[position(bytes.count)] = Self.interesting[position(Self.interesting.count)]
        case 2:  // insert random bytes
            let count = 1 + position(8)
            let random = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            bytes.insert(contentsOf: random, at: position(bytes.count + 1))
        case 3 where !bytes.isEmpty:  // delete a range
            let start = position(bytes.count)
            let length = 1 + position(min(64, bytes.count - start))
            bytes.removeSubrange(start..<min(bytes.count, start + length))
        case 4 where !bytes.isEmpty:  // repeat a range
            let start = position(bytes.count)
            let length = 1 + position(min(256, bytes.count - start))
            let chunk = Array(bytes[start..<min(bytes.count, start + length)])
            let times = 1 + position(rng.next() % 8 == 0 ? 200 : 4)
            for _ in 0..<times where bytes.count < maxSize { bytes.insert(contentsOf: chunk, at: start) }
        case 5 where !dictionary.isEmpty:  // insert a token
            bytes.insert(contentsOf: dictionary[position(dictionary.count)], at: position(bytes.count + 1))
        case 6 where !dictionary.isEmpty && !bytes.isEmpty:  // overwrite with a token
            let token = dictionary[position(dictionary.count)]
            let start = position(bytes.count)
            bytes.replaceSubrange(start..<min(bytes.count, start + token.count), with: token)
        case 7 where !other.isEmpty:  // splice with another seed
            let cut = position(bytes.count + 1)
            let from = position(other.count)
            bytes = Array(bytes[..<cut]) + other[from...]
        case 8 where !bytes.isEmpty:  // truncate
            bytes.removeLast(bytes.count - position(bytes.count))
        case 9 where bytes.count >= 2:  // small arithmetic on a byte (lengths, counts)
            let at = position(bytes.count)
            bytes[at] = bytes[at] &+ UInt8(truncatingIfNeeded: Int(rng.next() % 33) - 16)
        default:
            bytes.append(UInt8(truncatingIfNeeded: rng.next()))
        }
    }
}
