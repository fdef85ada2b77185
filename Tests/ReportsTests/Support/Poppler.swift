import Foundation

/// Runs the poppler-utils command-line tools the PDF tests inspect output with.
enum Poppler {
    struct Missing: Error, CustomStringConvertible {
        let tool: String
        var package = "poppler-utils"
        var description: String {
            "\(tool) from \(package) is not installed: run `apt-get install -y \(package)` (or scripts/install-deps) to run the PDF tests."
        }
    }

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> Data {
        let result = try runReportingErrors(tool, arguments)
        guard result.status == 0 else {
            throw Failed(description: "\(tool) \(arguments.joined(separator: " ")) exited with \(result.status)")
        }
        return result.output
    }

    /// Runs a tool and returns its exit status, standard output and standard error (a file
    /// collects the errors, so neither pipe can fill up and stall the tool).
    static func runReportingErrors(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
        let path = ["/usr/bin", "/usr/local/bin", "/bin"].map { "\($0)/\(tool)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { throw tool == "qpdf" ? Missing(tool: tool, package: "qpdf") : Missing(tool: tool) }
        let errorsFile = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-\(tool)-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorsFile)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = String(decoding: (try? Data(contentsOf: errorsFile)) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, data, errors)
    }

    static func text(_ pdf: URL) throws -> String {
        String(decoding: try run("pdftotext", ["-enc", "UTF-8", pdf.path, "-"]), as: UTF8.self)
    }

    static func pageCount(_ pdf: URL) throws -> Int {
        let info = String(decoding: try run("pdfinfo", [pdf.path]), as: UTF8.self)
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
        return line.flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) } ?? -1
    }

    /// Rows of `pdfimages -list` after the two header lines: (page, encoding, object number).
    static func images(_ pdf: URL) throws -> [(page: Int, encoding: String, object: Int)] {
        let list = String(decoding: try run("pdfimages", ["-list", pdf.path]), as: UTF8.self)
        return list.split(separator: "\n").dropFirst(2).compactMap { row in
            let fields = row.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 10, let page = Int(fields[0]), let object = Int(fields[10]) else { return nil }
            return (page, String(fields[8]), object)
        }
    }

    /// Rows of `pdffonts` after the header: (name, type, embedded).
    static func fonts(_ pdf: URL) throws -> [(name: String, type: String, embedded: Bool)] {
        let list = String(decoding: try run("pdffonts", [pdf.path]), as: UTF8.self)
        return list.split(separator: "\n").dropFirst(2).map { row in
            let fields = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            let embedded = fields.count >= 4 ? fields[fields.count - 5] == "yes" : false
            return (fields.first ?? "", fields.dropFirst().prefix(2).joined(separator: " "), embedded)
        }
    }

    /// Renders one page to an 8-bit grey bitmap.
    static func grayPage(_ pdf: URL, page: Int, dpi: Int) throws -> GrayImage {
        let pgm = try run("pdftoppm", ["-gray", "-r", String(dpi), "-f", String(page), "-l", String(page), pdf.path])
        return try GrayImage(pgm: pgm)
    }
}

/// A binary PGM (P5) image, as `pdftoppm -gray` writes it.
struct GrayImage {
    let width: Int
    let height: Int
    let pixels: [UInt8]

    init(pgm: Data) throws {
        let bytes = [UInt8](pgm)
        var fields: [Int] = []
        var index = 2
        guard bytes.starts(with: [0x50, 0x35]) else { throw Poppler.Failed(description: "not a P5 PGM") }
        while fields.count < 3, index < bytes.count {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
            var value = 0
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            fields.append(value)
        }
        index += 1  // the single whitespace after maxval
        width = fields[0]
        height = fields[1]
        guard bytes.count - index >= width * height else { throw Poppler.Failed(description: "short PGM") }
        pixels = Array(bytes[index..<index + width * height])
    }

    /// Ink inside a rectangle given in pixels from the top-left, in "fully black pixel"
    /// units: anti-aliased edges and small marks such as the dots of Ё count in proportion.
    func ink(x: Int, y: Int, width w: Int, height h: Int) -> Int {
        var darkness = 0
        for row in max(y, 0)..<min(y + h, height) {
            for column in max(x, 0)..<min(x + w, width) {
                darkness += 255 - Int(pixels[row * width + column])
            }
        }
        return darkness / 255
    }
}
