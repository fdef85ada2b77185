import CHaru
import Foundation

/// Owns one libharu document (`HPDF_Doc`) and frees it in `deinit`; the only place libharu
/// failures become `ReportsError`.
///
/// libharu reports failures through a C callback and keeps going with NULL handles or error
/// codes. The callback records the first failure in an `ErrorRecord` reached through libharu's
/// user-data pointer (no global state); every wrapper calls `check` afterwards and throws.
/// Not Sendable: one document is built on one thread.
final class HaruDocument {
    private let handle: HPDF_Doc
    private let errors: ErrorRecord

    /// The first failure libharu reported since the last check.
    private final class ErrorRecord {
        var status: HPDF_STATUS = 0
        var detail: HPDF_STATUS = 0
    }

    init() throws {
        let errors = ErrorRecord()
        let context = Unmanaged.passUnretained(errors).toOpaque()
        guard let handle = HPDF_New({ status, detail, context in
            guard let context else { return }
            let record = Unmanaged<ErrorRecord>.fromOpaque(context).takeUnretainedValue()
            if record.status == 0 {
                record.status = status
                record.detail = detail
            }
        }, context) else {
            throw ReportsError.libharu(status: 0, detail: 0, during: "creating a document (out of memory)")
        }
        self.handle = handle
        self.errors = errors  // keeps the record alive as long as libharu can call back into it
        try call(HPDF_SetCompressionMode(handle, UInt32(HPDF_COMP_ALL)), "turning on compression")
        try call(HPDF_UseUTFEncodings(handle), "enabling UTF-8")
        try call(HPDF_SetCurrentEncoder(handle, "UTF-8"), "selecting the UTF-8 encoder")
    }

    deinit {
        HPDF_Free(handle)
    }

    /// Throws the failure libharu reported since the last check, if any, and clears it.
    func check(_ during: @autoclosure () -> String) throws {
        guard errors.status != 0 else { return }
        let failure = ReportsError.libharu(status: UInt(errors.status), detail: UInt(errors.detail), during: during())
        errors.status = 0
        errors.detail = 0
        HPDF_ResetError(handle)
        throw failure
    }

    /// Checks a status code too: some failures (e.g. `TextRect` overflow) return a code without
    /// calling the handler.
    func call(_ status: HPDF_STATUS, _ during: @autoclosure () -> String) throws {
        if status != HPDF_STATUS(HPDF_OK), errors.status == 0 { errors.status = status }
        try check(during())
    }

    func setTitle(_ title: String) throws {
        try call(HPDF_SetInfoAttr(handle, HPDF_INFO_TITLE, title), "setting the title")
        try call(HPDF_SetInfoAttr(handle, HPDF_INFO_CREATOR, "Sogreto"), "setting the creator")
    }

    /// Embeds a TrueType font for UTF-8 text and primes its glyphs (see `TrueTypeFont.primingOrder`).
    func loadFont(_ url: URL, priming scalars: [Unicode.Scalar]) throws -> HPDF_Font {
        let name = HPDF_LoadTTFontFromFile(handle, url.path, HPDF_TRUE)
        try check("loading the font \(url.lastPathComponent)")
        guard let name, let font = HPDF_GetFont(handle, name, "UTF-8") else {
            try check("selecting the font \(url.lastPathComponent)")
            throw ReportsError.libharu(status: 0, detail: 0, during: "selecting the font \(url.lastPathComponent)")
        }
        try replaceToUnicode(of: font, fontName: url.lastPathComponent)
        if !scalars.isEmpty {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            var bytes = Array(String(text).utf8)
            _ = HPDF_Font_TextWidth(font, &bytes, UInt32(bytes.count))
            try check("measuring the glyphs of \(url.lastPathComponent)")
        }
        return font
    }

    /// Rewrites the font's ToUnicode stream in place (see `ToUnicodeCMap`). The stream is
    /// libharu's own object, so it is still compressed and written once, where libharu put it.
    private func replaceToUnicode(of font: HPDF_Font, fontName: String) throws {
        guard let item = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_UINT16(HPDF_OCLASS_DICT)) else {
            HPDF_ResetError(handle)
            throw ReportsError.libharu(status: 0, detail: 0, during: "finding the ToUnicode map of \(fontName)")
        }
        let cmap = item.assumingMemoryBound(to: HPDF_Dict_Rec.self)
        guard let stream = cmap.pointee.stream else {
            throw ReportsError.libharu(status: 0, detail: 0, during: "finding the ToUnicode map of \(fontName)")
        }
        HPDF_MemStream_FreeData(stream)
        try call(HPDF_Stream_WriteStr(stream, ToUnicodeCMap.identityBMP), "writing the ToUnicode map of \(fontName)")
    }

    /// The width libharu computes for a text, in 1/1000 em (tests compare it with ours).
    func measure(_ text: String, with font: HPDF_Font) -> Int {
        var bytes = Array(text.utf8)
        return Int(HPDF_Font_TextWidth(font, &bytes, UInt32(bytes.count)).width)
    }

    /// Adds a JPEG file as an image XObject without re-encoding (DCTDecode pass-through).
    func loadJPEG(_ url: URL, name: String) throws -> HPDF_Image {
        let image = HPDF_LoadJpegImageFromFile(handle, url.path)
        try check("embedding the photo \(name)")
        // libharu returns NULL without calling the handler for some non-JPEG input.
        guard let image else { throw ReportsError.photoUnreadable(name, reason: "libharu could not read it as a JPEG") }
        return image
    }

    func addPage(width: Double, height: Double) throws -> HPDF_Page {
        guard let page = HPDF_AddPage(handle) else {
            try check("adding a page")
            throw ReportsError.libharu(status: 0, detail: 0, during: "adding a page")
        }
        try call(HPDF_Page_SetWidth(page, Float(width)), "sizing a page")
        try call(HPDF_Page_SetHeight(page, Float(height)), "sizing a page")
        return page
    }

    /// Writes the document straight to a file (no copy through memory).
    func save(toFile url: URL) throws {
        let status = HPDF_SaveToFile(handle, url.path)
        if status != HPDF_STATUS(HPDF_OK) {
            errors.status = 0
            HPDF_ResetError(handle)
            throw ReportsError.outputUnwritable(url.deletingLastPathComponent().path,
                                                reason: "libharu could not write a file there (error 0x\(String(status, radix: 16)))")
        }
    }

    /// Serializes the document into memory.
    func save() throws -> Data {
        try call(HPDF_SaveToStream(handle), "writing the PDF")
        let size = Int(HPDF_GetStreamSize(handle))
        var data = Data(count: size)
        var read = UInt32(size)
        let status = data.withUnsafeMutableBytes { buffer -> HPDF_STATUS in
            guard let base = buffer.bindMemory(to: HPDF_BYTE.self).baseAddress else { return HPDF_STATUS(HPDF_OK) }
            return HPDF_ReadFromStream(handle, base, &read)
        }
        // Reading exactly to the end reports HPDF_STREAM_EOF, which is success here.
        if status != HPDF_STATUS(HPDF_OK), status != HPDF_STATUS(HPDF_STREAM_EOF) {
            try call(status, "reading the PDF from memory")
        }
        errors.status = 0
        HPDF_ResetError(handle)
        guard Int(read) == size else {
            throw ReportsError.libharu(status: 0, detail: 0, during: "reading the PDF from memory (short read)")
        }
        return data
    }
}
