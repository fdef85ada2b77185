/// One scan of a progressive JPEG decoded into the coefficient stores (after libjpeg's jdphuff:
/// DC first and refinement scans, interleaved or not; AC first and refinement scans with their
/// end-of-band runs; restart markers). Every scan's bits are read; only what the stores keep is
/// written. Each kind of scan has its own loop, so no block asks which kind it is.
struct ProgressiveScan {
    let header: ScanHeader
    let frame: JPEGFrame
    /// The stores of the scan's components, in scan order.
    let stores: [StoreView]
    let dcTables: [HuffmanView?]
    let acTable: HuffmanView?
    let restartInterval: Int

    /// The reader after the scan's data (taken and given back by value, so that it stays in
    /// registers in the loops).
    func decode(_ reader: EntropyReader) throws -> EntropyReader {
        var reader = reader
        let low = header.successiveLow
        let (start, end) = (header.spectralStart, header.spectralEnd)
        switch (header.isDC, header.isRefinement) {
        case (true, false):
            let tables = dcTables.compactMap { $0 }
            guard tables.count == stores.count else { throw ProgressiveJPEG.corrupt("a Huffman table is missing") }
            try forEachBlock(&reader) { reader, state, index, block in
                let size = reader.symbol(tables[index])
                guard size >= 0 && size <= 16 else { throw ProgressiveJPEG.corrupt("a Huffman code is invalid") }
                state.predictions[index] &+= reader.signed(size)
                stores[index].add(block, 0, state.predictions[index] &<< low)
            }
        case (true, true):
            try forEachBlock(&reader) { reader, _, index, block in
                stores[index].add(block, 0, reader.bitValue() &<< low)
            }
        case (false, false):
            guard let table = acTable else { throw ProgressiveJPEG.corrupt("a Huffman table is missing") }
            let store = stores[0]
            try forEachBlock(&reader) { reader, state, _, block in
                if state.endOfBands > 0 {
                    state.endOfBands &-= 1
                } else {
                    reader = try Self.acFirst(reader, table, store, block, start, end, low, &state.endOfBands)
                }
            }
        case (false, true):
            guard let table = acTable else { throw ProgressiveJPEG.corrupt("a Huffman table is missing") }
            let store = stores[0]
            try forEachBlock(&reader) { reader, state, _, block in
                reader = try Self.acRefine(reader, table, store, block, start, end, 1 &<< low, &state.endOfBands)
            }
        }
        return reader
    }

    /// What a scan carries from block to block until the next restart marker.
    struct State {
        var predictions = SIMD4<Int>.zero
        var endOfBands = 0
    }

    /// Calls `body` with (component's index in the scan, block) for every block of the scan in
    /// the order its data holds them, reading restart markers where they are due.
    @inline(__always)
    private func forEachBlock(_ reader: inout EntropyReader,
                              _ body: (inout EntropyReader, inout State, Int, Int) throws -> Void) throws {
        var state = State()
        var untilRestart = restartInterval
        var restartIndex = 0
        func restartIfDue() throws {
            guard restartInterval > 0 else { return }
            if untilRestart == 0 {
                guard reader.restart(restartIndex) else { throw ProgressiveJPEG.corrupt("a restart marker is missing") }
                restartIndex = (restartIndex + 1) & 7
                state = State()
                untilRestart = restartInterval
            }
            untilRestart -= 1
        }
        if header.components.count == 1 {
            let (wide, high) = frame.usedBlocks(header.components[0])
            let blocksWide = stores[0].blocksWide
            for row in 0..<high {
                for column in 0..<wide {
                    try restartIfDue()
                    try body(&reader, &state, 0, row &* blocksWide &+ column)
                }
            }
            return
        }
        // An MCU's blocks: (component's index in the scan, row within the MCU, column within it).
        var layout: [(index: Int, row: Int, column: Int)] = []
        for (index, component) in header.components.map({ frame.components[$0] }).enumerated() {
            for v in 0..<component.vertical {
                for h in 0..<component.horizontal { layout.append((index, v, h)) }
            }
        }
        let sampling = header.components.map { (frame.components[$0].horizontal, frame.components[$0].vertical) }
        for mcuRow in 0..<frame.mcusHigh {
            for mcuColumn in 0..<frame.mcusWide {
                try restartIfDue()
                for (index, v, h) in layout {
                    let (horizontal, vertical) = sampling[index]
                    let block = (mcuRow &* vertical &+ v) &* stores[index].blocksWide &+ mcuColumn &* horizontal &+ h
                    try body(&reader, &state, index, block)
                }
            }
        }
    }

    /// A block's share of an AC first scan (not inside an end-of-band run).
    @inline(__always)
    private static func acFirst(_ reader: EntropyReader, _ table: HuffmanView, _ store: StoreView, _ block: Int,
                                _ start: Int, _ end: Int, _ low: Int, _ endOfBands: inout Int) throws -> EntropyReader {
        var reader = reader
        var nonzero = store.nonzero[block]
        var negative = store.negative[block]
        let values = store.values(of: block)
        var k = start
        while k <= end {
            let symbol = reader.symbol(table)
            guard symbol >= 0 else { throw ProgressiveJPEG.corrupt("a Huffman code is invalid") }
            let run = symbol &>> 4
            let size = symbol & 15
            if size != 0 {
                k &+= run
                guard k <= 63 else { throw ProgressiveJPEG.corrupt("a coefficient is past the block's end") }
                let value = reader.signed(size)
                let bit: UInt64 = 1 &<< UInt64(k)
                nonzero |= bit
                negative |= bit & UInt64(bitPattern: Int64(value &>> 63))
                store.add(into: values, k, value &<< low)
                k &+= 1
            } else if run == 15 {
                k &+= 16
            } else {
                endOfBands = 1 &<< run
                if run > 0 { endOfBands &+= reader.bits(run) }
                endOfBands &-= 1
                break
            }
        }
        store.nonzero[block] = nonzero
        store.negative[block] = negative
        return reader
    }

    /// A block's share of an AC refinement scan: each symbol passes `run` coefficients that are
    /// still zero (refining the non-zero ones on the way) and may make the next zero one ±`step`;
    /// inside an end-of-band run only the non-zero ones are refined. Where bits decide what to
    /// do, the work is done either way with a zero amount (no branch to mispredict), except for
    /// the rare long runs.
    @inline(__always)
    private static func acRefine(_ reader: EntropyReader, _ table: HuffmanView, _ store: StoreView, _ block: Int,
                                 _ start: Int, _ end: Int, _ step: Int, _ endOfBands: inout Int) throws -> EntropyReader {
        var reader = reader
        var nonzero = store.nonzero[block]
        var negative = store.negative[block]
        let values = store.values(of: block)
        var k = start
        if endOfBands == 0 {
            while k <= end {
                let symbol = reader.symbol(table)
                guard symbol >= 0 else { throw ProgressiveJPEG.corrupt("a Huffman code is invalid") }
                var run = symbol &>> 4
                let isNew = symbol & 15 != 0  // its size is 1 (libjpeg warns otherwise and goes on)
                if !isNew && run != 15 {
                    endOfBands = 1 &<< run
                    if run > 0 { endOfBands &+= reader.bits(run) }
                    break
                }
                let sign = reader.bitValue(if: isNew) &* 2 &- 1
                let amount = isNew ? sign &* step : 0
                // The coefficient after `run` zero ones (end + 1 when the band has too few).
                var zeros = ~nonzero & band(k, end)
                while run > 2 {
                    zeros &= zeros &- 1
                    run &-= 1
                }
                zeros &= run > 0 ? zeros &- 1 : .max
                zeros &= run > 1 ? zeros &- 1 : .max
                let target = min(zeros.trailingZeroBitCount, end &+ 1)
                correct(&reader, store, values, nonzero & band(k, end) & ~(UInt64.max << UInt64(target)), negative, step)
                guard !isNew || target <= end else { throw ProgressiveJPEG.corrupt("a coefficient is past the band's end") }
                let bit: UInt64 = isNew ? 1 &<< UInt64(target) : 0
                nonzero |= bit
                negative |= amount < 0 ? bit : 0
                store.add(into: values, min(target, 63), amount)
                k = target &+ 1
            }
        }
        if endOfBands > 0 {
            if k <= end { correct(&reader, store, values, nonzero & band(k, end), negative, step) }
            endOfBands &-= 1
        }
        store.nonzero[block] = nonzero
        store.negative[block] = negative
        return reader
    }

    /// One correction bit for each coefficient in `mask` (non-zero ones), lowest position first:
    /// a set bit moves the coefficient `step` further from zero. None or one (the usual case
    /// between two symbols) takes no branch.
    @inline(__always)
    private static func correct(_ reader: inout EntropyReader, _ store: StoreView, _ values: UnsafeMutablePointer<Int16>, _ mask: UInt64,
                                _ negative: UInt64, _ step: Int) {
        var left = mask
        repeat {
            let k = min(left.trailingZeroBitCount, 63)
            let sign = Int(truncatingIfNeeded: (negative &>> UInt64(k)) & 1)
            store.add(into: values, k, reader.bitValue(if: left != 0) &* ((step ^ -sign) &+ sign))
            left &= left &- 1
        } while left != 0
    }

    /// Bits `from` through `to` (0 ≤ from ≤ to ≤ 63).
    @inline(__always)
    private static func band(_ from: Int, _ to: Int) -> UInt64 {
        (UInt64.max &<< UInt64(from)) & (UInt64.max &>> UInt64(63 &- to))
    }
}

/// The pointers a scan writes a `CoefficientStore` through (valid while it lives).
struct StoreView {
    let values: UnsafeMutablePointer<Int16>
    let nonzero: UnsafeMutablePointer<UInt64>
    let negative: UnsafeMutablePointer<UInt64>
    let slots: UnsafeMutablePointer<Int>
    let factors: UnsafeMutablePointer<Int>
    let area: Int
    let blocksWide: Int

    init(_ store: CoefficientStore) {
        values = store.values
        nonzero = store.nonzero
        negative = store.negative
        slots = store.slots
        factors = store.factors
        area = store.side * store.side
        blocksWide = store.blocksWide
    }

    @inline(__always)
    func values(of block: Int) -> UnsafeMutablePointer<Int16> { values + block &* area }

    /// Adds `amount` units of coefficient `zigzag` of `block` to the value it folds into (one the
    /// reduced IDCT does not read adds nothing: its factor is 0).
    @inline(__always)
    func add(_ block: Int, _ zigzag: Int, _ amount: Int) {
        add(into: values(of: block), zigzag, amount)
    }

    /// The same, with `blockValues` the block's values.
    @inline(__always)
    func add(into blockValues: UnsafeMutablePointer<Int16>, _ zigzag: Int, _ amount: Int) {
        let value = blockValues + slots[zigzag]
        value.pointee = value.pointee &+ Int16(truncatingIfNeeded: (amount &* factors[zigzag] &+ 32768) &>> 16)
    }
}
