import CHaru

/// Draws laid-out pages onto a `HaruDocument`: text runs, vector paths and embedded photos.
///
/// Consecutive text runs share one text object (BT…ET) and font/colour changes are emitted only
/// when they change, which keeps the content streams small.
struct HaruPainter {
    let document: HaruDocument
    let fonts: [FontRole: HPDF_Font]
    let images: [String: HPDF_Image]

    func paint(_ page: LaidOutPage, number: Int) throws {
        let handle = try document.addPage(width: Theme.pageWidth, height: Theme.pageHeight)
        var state = TextState()
        for op in page.ops {
            switch op {
            case .text(let run):
                try text(run, on: handle, state: &state)
            case .path(let elements, let style):
                state.end(handle)
                path(elements, style, on: handle)
            case .image(let placement):
                state.end(handle)
                guard let image = images[placement.key] else { continue }
                HPDF_Page_DrawImage(handle, image, Float(placement.x), Float(placement.y),
                                    Float(placement.width), Float(placement.height))
            }
        }
        state.end(handle)
        try document.check("drawing page \(number)")
    }

    /// What the open text object has set, to avoid repeating operators.
    private struct TextState {
        var open = false
        var font: FontRole?
        var size: Double = 0
        var color: RGB?
        var spacing: Double = 0

        mutating func end(_ page: HPDF_Page) {
            guard open else { return }
            HPDF_Page_EndText(page)
            open = false
        }
    }

    private func text(_ run: TextRun, on page: HPDF_Page, state: inout TextState) throws {
        guard let font = fonts[run.font] else { return }
        if !state.open {
            HPDF_Page_BeginText(page)
            state.open = true  // font, colour and spacing persist across text objects
        }
        if state.font != run.font || state.size != run.size {
            HPDF_Page_SetFontAndSize(page, font, Float(run.size))
            state.font = run.font
            state.size = run.size
        }
        if state.color != run.color {
            HPDF_Page_SetRGBFill(page, Float(run.color.red), Float(run.color.green), Float(run.color.blue))
            state.color = run.color
        }
        if state.spacing != run.letterSpacing {
            HPDF_Page_SetCharSpace(page, Float(run.letterSpacing))
            state.spacing = run.letterSpacing
        }
        HPDF_Page_TextOut(page, Float(run.origin.x), Float(run.origin.y), run.text)
    }

    private func path(_ elements: [PathElement], _ style: PathStyle, on page: HPDF_Page) {
        HPDF_Page_GSave(page)
        if let fill = style.fill {
            HPDF_Page_SetRGBFill(page, Float(fill.red), Float(fill.green), Float(fill.blue))
        }
        if let stroke = style.stroke {
            HPDF_Page_SetRGBStroke(page, Float(stroke.red), Float(stroke.green), Float(stroke.blue))
            HPDF_Page_SetLineWidth(page, Float(style.lineWidth))
            HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN)
            HPDF_Page_SetLineCap(page, HPDF_ROUND_END)
        }
        for element in elements {
            switch element {
            case .move(let point): HPDF_Page_MoveTo(page, Float(point.x), Float(point.y))
            case .line(let point): HPDF_Page_LineTo(page, Float(point.x), Float(point.y))
            case .curve(let first, let second, let end):
                HPDF_Page_CurveTo(page, Float(first.x), Float(first.y), Float(second.x), Float(second.y),
                                  Float(end.x), Float(end.y))
            case .close: HPDF_Page_ClosePath(page)
            }
        }
        switch (style.fill != nil, style.stroke != nil) {
        case (true, true): HPDF_Page_FillStroke(page)
        case (true, false): HPDF_Page_Fill(page)
        case (false, true): HPDF_Page_Stroke(page)
        case (false, false): HPDF_Page_EndPath(page)
        }
        HPDF_Page_GRestore(page)
    }
}
