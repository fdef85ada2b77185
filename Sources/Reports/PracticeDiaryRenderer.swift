import CHaru
public import Foundation

/// Renders a practice diary to an A4 PDF with libharu.
///
/// `render` is synchronous and CPU-bound (≈ tens of milliseconds): call it from a worker
/// thread or a bounded queue, not from Swift's cooperative pool. The renderer holds only
/// immutable, parsed assets, so one instance can serve many renders, also concurrently:
/// every render builds its own libharu document.
public struct PracticeDiaryRenderer: Sendable {
    public let assets: PracticeDiaryAssets

    public init(assets: PracticeDiaryAssets) {
        self.assets = assets
    }

    /// Renders the diary and returns the PDF bytes.
    /// - Parameter dataDirectory: the base for relative photo paths.
    public func render(_ data: PracticeDiaryData, dataDirectory: URL) throws -> Data {
        try build(data, dataDirectory: dataDirectory).save()
    }

    /// Renders and writes the PDF atomically: libharu writes a temporary file beside `output`
    /// which is then renamed into place, so a reader never sees half a diary.
    public func render(_ data: PracticeDiaryData, dataDirectory: URL, to output: URL) throws {
        let document = try build(data, dataDirectory: dataDirectory)
        let temporary = output.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try document.save(toFile: temporary)
            // rename(2) replaces the target atomically on the same file system
            guard rename(temporary.path, output.path) == 0 else {
                throw ReportsError.outputUnwritable(output.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    private func build(_ data: PracticeDiaryData, dataDirectory: URL) throws -> HaruDocument {
        try data.validate()
        let strings = try assets.strings(for: data.locale)
        let photos = try loadPhotos(data, dataDirectory: dataDirectory)
        var layout = PracticeDiaryLayout(data: data, strings: strings, assets: assets, photos: photos)
        let pages = layout.pages()

        let title = "\(strings.documentTitle) — \(data.userName)"
        return try buildDocument(pages, photos: photos, title: title)
    }

    /// Paints laid-out pages into a PDF. `primeGlyphs: false` exists only so a test can show
    /// the libharu glyph loss the priming prevents.
    func renderPDF(_ pages: [LaidOutPage], photos: [String: JPEGPhoto], title: String,
                   primeGlyphs: Bool = true) throws -> Data {
        try buildDocument(pages, photos: photos, title: title, primeGlyphs: primeGlyphs).save()
    }

    private func buildDocument(_ pages: [LaidOutPage], photos: [String: JPEGPhoto], title: String,
                               primeGlyphs: Bool = true) throws -> HaruDocument {
        let document = try HaruDocument()
        try document.setTitle(PrintableText.clean(title, for: assets.font(.label)))
        // One libharu font per file, shared by the roles set in it.
        var fonts: [FontRole: HPDF_Font] = [:]
        for (_, roles, scalars) in Self.scalarsByFontFile(pages) {
            let metrics = assets.font(roles[0])
            let order = primeGlyphs ? metrics.primingOrder(for: scalars) : []
            let font = try document.loadFont(assets.fontURL(roles[0]), priming: order)
            for role in roles { fonts[role] = font }
        }
        var images: [String: HPDF_Image] = [:]
        for key in Self.imageKeys(pages) {
            guard let photo = photos[key] else { continue }
            images[key] = try document.loadJPEG(photo.url, name: Self.displayName(key))
        }
        let painter = HaruPainter(document: document, fonts: fonts, images: images)
        for (index, page) in pages.enumerated() {
            try painter.paint(page, number: index + 1)
        }
        return document
    }

    /// Reads every photo the diary mentions once, keyed by its path as written in the data.
    private func loadPhotos(_ data: PracticeDiaryData, dataDirectory: URL) throws -> [String: JPEGPhoto] {
        var result: [String: JPEGPhoto] = [:]
        for photo in data.allPhotos where result[photo.path] == nil {
            let url = photo.path.hasPrefix("/")
                ? URL(fileURLWithPath: photo.path)
                : dataDirectory.appendingPathComponent(photo.path)
            result[photo.path] = try JPEGPhoto(contentsOf: url, name: Self.displayName(photo.path))
        }
        return result
    }

    /// The characters each font file will draw, so only those glyphs are primed and embedded.
    /// Cleaned text holds only BMP characters the font has, so a flat table marks them.
    static func scalarsByFontFile(_ pages: [LaidOutPage]) -> [(file: String, roles: [FontRole], scalars: [Unicode.Scalar])] {
        var files: [(file: String, roles: [FontRole], seen: [Bool])] = []
        for role in FontRole.allCases {
            if let index = files.firstIndex(where: { $0.file == role.fileName }) {
                files[index].roles.append(role)
            } else {
                files.append((role.fileName, [role], [Bool](repeating: false, count: 0x10000)))
            }
        }
        for page in pages {
            for case .text(let run) in page.ops {
                guard let index = files.firstIndex(where: { $0.roles.contains(run.font) }) else { continue }
                for scalar in run.text.unicodeScalars where scalar.value < 0x10000 {
                    files[index].seen[Int(scalar.value)] = true
                }
            }
        }
        return files.compactMap { file in
            let scalars = file.seen.indices.compactMap { file.seen[$0] ? Unicode.Scalar(UInt32($0)) : nil }
            return scalars.isEmpty ? nil : (file.file, file.roles, scalars)
        }
    }

    static func imageKeys(_ pages: [LaidOutPage]) -> [String] {
        var seen = Set<String>()
        var keys: [String] = []
        for page in pages {
            for case .image(let placement) in page.ops where seen.insert(placement.key).inserted {
                keys.append(placement.key)
            }
        }
        return keys
    }

    /// File name only: error messages should not spell out the storage layout.
    static func displayName(_ path: String) -> String {
        URL(fileURLWithPath: path).lastPathComponent
    }
}
