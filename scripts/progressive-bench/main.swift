// Decodes a progressive JPEG with the Swift decoder `repeats` times and prints the CPU time of
// the scans (coefficients) and of the rows (IDCT, chroma, colour), first run and median.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 3, let eighths = Int(arguments[2]), let data = FileManager.default.contents(atPath: arguments[1]) else {
    print("usage: progressive-bench FILE EIGHTHS [REPEATS] [OUT.ppm]")
    exit(2)
}
let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1
let output = arguments.count > 4 ? arguments[4] : nil

func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

var scans: [Double] = []
var rows: [Double] = []
for run in 0..<repeats {
    try data.withUnsafeBytes { bytes in
        let start = cpuSeconds()
        guard let decoded = try ProgressiveJPEG.rows(bytes, eighths: eighths, crop: nil) else {
            print("not a file the Swift decoder takes")
            exit(1)
        }
        let decodedScans = cpuSeconds()
        let lineBytes = decoded.width * 3
        let image = UnsafeMutablePointer<UInt8>.allocate(capacity: lineBytes * decoded.height)
        defer { image.deallocate() }
        for y in 0..<decoded.height { try decoded.read(into: image + y * lineBytes, stride: lineBytes, count: 1) }
        scans.append(decodedScans - start)
        rows.append(cpuSeconds() - decodedScans)
        if run == 0, let output {
            var ppm = Data("P6\n\(decoded.width) \(decoded.height)\n255\n".utf8)
            ppm.append(image, count: lineBytes * decoded.height)
            FileManager.default.createFile(atPath: output, contents: ppm)
        }
    }
}
func milliseconds(_ values: [Double]) -> String {
    String(format: "%.1f ms first, %.1f ms median", values[0] * 1000, values.sorted()[values.count / 2] * 1000)
}
print("scans \(milliseconds(scans)); rows \(milliseconds(rows)); total median \(String(format: "%.1f", zip(scans, rows).map(+).sorted()[repeats / 2] * 1000)) ms")
