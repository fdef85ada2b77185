import Foundation

/// Loudness figures of a 16-bit PCM WAV file, in dB relative to full scale.
struct PCMLevels: Sendable, Equatable {
    /// RMS over the whole file, silences included.
    let rmsDBFS: Double
    /// RMS over the 50 ms windows louder than `activityThreshold`: the level of speech itself,
    /// not diluted by the practice pauses.
    let activeDBFS: Double
    /// The loudest sample; 0 dBFS is clipping.
    let peakDBFS: Double
    let durationSeconds: Double

    /// Windows quieter than this count as silence when measuring the active level.
    static let activityThreshold = -45.0

    /// Measures a WAV file as sox writes it (16-bit signed little-endian PCM, any channels).
    static func measure(wavAt url: URL) throws(AudioError) -> PCMLevels {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AudioError(.io, "cannot read \(url.lastPathComponent)")
        }
        return try measure(wav: [UInt8](data), name: url.lastPathComponent)
    }

    static func measure(wav bytes: [UInt8], name: String) throws(AudioError) -> PCMLevels {
        guard bytes.count >= 12, bytes[0..<4].elementsEqual(Array("RIFF".utf8)), bytes[8..<12].elementsEqual(Array("WAVE".utf8)) else {
            throw AudioError(.io, "\(name) is not a WAV file")
        }
        var offset = 12
        var format: (channels: Int, rate: Int, bits: Int)?
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = littleEndian(bytes, offset + 4, 4)
            let body = offset + 8
            if id == "fmt ", body + 16 <= bytes.count {
                format = (littleEndian(bytes, body + 2, 2), littleEndian(bytes, body + 4, 4), littleEndian(bytes, body + 14, 2))
            } else if id == "data", let format {
                guard format.bits == 16, format.channels > 0, format.rate > 0 else {
                    throw AudioError(.io, "\(name) is \(format.bits)-bit; levels are measured on 16-bit PCM")
                }
                let end = min(bytes.count, body + size)
                return levels(bytes[body..<end], channels: format.channels, rate: format.rate)
            }
            offset = body + size + (size & 1)
        }
        throw AudioError(.io, "\(name) has no PCM data")
    }

    private static func levels(_ pcm: ArraySlice<UInt8>, channels: Int, rate: Int) -> PCMLevels {
        let window = max(1, rate / 20) * channels
        var total = 0.0, active = 0.0, peak = 0.0
        var count = 0, activeCount = 0
        var windowSum = 0.0, windowCount = 0
        let threshold = pow(10, activityThreshold / 10)
        var index = pcm.startIndex
        while index + 1 < pcm.endIndex {
            let sample = Double(Int16(bitPattern: UInt16(pcm[index]) | UInt16(pcm[index + 1]) << 8)) / 32768
            let power = sample * sample
            total += power
            windowSum += power
            peak = max(peak, abs(sample))
            count += 1
            windowCount += 1
            if windowCount == window {
                if windowSum / Double(windowCount) > threshold {
                    active += windowSum
                    activeCount += windowCount
                }
                windowSum = 0
                windowCount = 0
            }
            index += 2
        }
        func dB(_ power: Double, _ n: Int) -> Double { n == 0 || power <= 0 ? -120 : 10 * log10(power / Double(n)) }
        return PCMLevels(rmsDBFS: dB(total, count), activeDBFS: dB(active, activeCount),
                         peakDBFS: peak > 0 ? 20 * log10(peak) : -120,
                         durationSeconds: Double(count / channels) / Double(rate))
    }

    private static func littleEndian(_ bytes: [UInt8], _ offset: Int, _ length: Int) -> Int {
        (0..<length).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }
}
