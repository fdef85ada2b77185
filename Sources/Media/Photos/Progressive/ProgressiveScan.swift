/// One scan of a progressive JPEG decoded into the coefficient stores (after libjpeg's jdphuff:
/// DC first and refinement scans, interleaved or not; AC first and refinement scans with their
/// end-of-band runs; restart markers). Every scan's bits are read; only what the stores keep is
/// written.
struct ProgressiveScan {
    let header: ScanHeader
    let frame: JPEGFrame
    /// The stores of the scan's components, in scan order.
    let stores: [StoreView]
    let dcTables: [HuffmanView?]
    let acTable: HuffmanView?
    let restartInterval: Int

    func decode(_ reader: inout EntropyReader) throws {
        var predictions = [0, 0, 0, 0]
        var endOfBands = 0
        var untilRestart = restartInterval
        var restartIndex = 0
        func restartIfDue() throws {
            guard restartInterval > 0 else { return }
            if untilRestart == 0 {
                guard reader.restart(restartIndex) else { throw ProgressiveJPEG.corrupt("a restart marker is missing") }
                restartIndex = (restartIndex + 1) & 7
                predictions = [0, 0, 0, 0]
                endOfBands = 0
                untilRestart = restartInterval
            }
            untilRestart -= 1
        }
        if header.components.count == 1 {
            let (wide, high) = frame.usedBlocks(header.components[0])
            let store = stores[0]
            for row in 0..<high {
                for column in 0..<wide {
                    try restartIfDue()
                    try block(&reader, store, row * store.blocksWide + column, component: 0,
                              prediction: &predictions[0], endOfBands: &endOfBands)
                }
            }
            return
        }
        let layout = header.components.map { frame.components[$0] }
        for mcuRow in 0..<frame.mcusHigh {
            for mcuColumn in 0..<frame.mcusWide {
                try restartIfDue()
                for (index, component) in layout.enumerated() {
                    let store = stores[index]
                    for v in 0..<component.vertical {
                        let first = (mcuRow * component.vertical + v) * store.blocksWide + mcuColumn * component.horizontal
                        for h in 0..<component.horizontal {
                            try block(&reader, store, first + h, component: index,
                                      prediction: &predictions[index], endOfBands: &endOfBands)
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private func block(_ reader: inout EntropyReader, _ store: StoreView, _ block: Int, component: Int,
                       prediction: inout Int, endOfBands: inout Int) throws {
        let low = header.successiveLow
        switch (header.isDC, header.isRefinement) {
        case (true, false):
            guard let table = dcTables[component] else { return }
            let size = reader.symbol(table)
            guard size >= 0 && size <= 16 else { throw ProgressiveJPEG.corrupt("a Huffman code is invalid") }
            prediction &+= reader.signed(size)
            store.add(block, 0, prediction &<< low)
        case (true, true):
            if reader.bit() { store.add(block, 0, 1 &<< low) }
        case (false, false):
            guard let table = acTable else { return }
            try Self.acFirst(&reader, table, store, block, header.spectralStart, header.spectralEnd, low, &endOfBands)
        case (false, true):
            guard let table = acTable else { return }
            try Self.acRefine(&reader, table, store, block, header.spectralStart, header.spectralEnd, low, &endOfBands)
        }
    }

    @inline(__always)
    private static func acFirst(_ reader: inout EntropyReader, _ table: HuffmanView, _ store: StoreView, _ block: Int,
                                _ start: Int, _ end: Int, _ low: Int, _ endOfBands: inout Int) throws {
        if endOfBands > 0 {
            endOfBands &-= 1
            return
        }
        var nonzero = store.nonzero[block]
        var negative = store.negative[block]
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
                if value < 0 { negative |= bit }
                store.add(block, k, value &<< low)
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
    }

    @inline(__always)
    private static func acRefine(_ reader: inout EntropyReader, _ table: HuffmanView, _ store: StoreView, _ block: Int,
                                 _ start: Int, _ end: Int, _ low: Int, _ endOfBands: inout Int) throws {
        let step = 1 &<< low
        var nonzero = store.nonzero[block]
        var negative = store.negative[block]
        var k = start
        if endOfBands == 0 {
            while k <= end {
                let symbol = reader.symbol(table)
                guard symbol >= 0 else { throw ProgressiveJPEG.corrupt("a Huffman code is invalid") }
                var run = symbol &>> 4
                var value = 0
                if symbol & 15 != 0 {
                    value = reader.bit() ? step : -step  // the size is 1 (libjpeg warns otherwise and goes on)
                } else if run != 15 {
                    endOfBands = 1 &<< run
                    if run > 0 { endOfBands &+= reader.bits(run) }
                    break
                }
                // Pass `run` coefficients that are still zero, refining the non-zero ones on the way.
                let band = Self.band(k, end)
                var zeros = ~nonzero & band
                while run > 0 && zeros != 0 {
                    zeros &= zeros &- 1
                    run &-= 1
                }
                let target = zeros == 0 ? end &+ 1 : zeros.trailingZeroBitCount
                let passed = target >= 64 ? band : band & ((1 &<< UInt64(target)) &- 1)
                refine(&reader, store, block, nonzero & passed, negative, step)
                k = target
                if value != 0 {
                    guard k <= end else { throw ProgressiveJPEG.corrupt("a coefficient is past the band's end") }
                    let bit: UInt64 = 1 &<< UInt64(k)
                    nonzero |= bit
                    if value < 0 { negative |= bit }
                    store.add(block, k, value)
                }
                k &+= 1
            }
        }
        if endOfBands > 0 {
            if k <= end { refine(&reader, store, block, nonzero & Self.band(k, end), negative, step) }
            endOfBands &-= 1
        }
        store.nonzero[block] = nonzero
        store.negative[block] = negative
    }

    /// One correction bit for each coefficient in `mask` (non-zero ones), lowest position first;
    /// the bits are taken from the reader together (at most 63 of them).
    @inline(__always)
    private static func refine(_ reader: inout EntropyReader, _ store: StoreView, _ block: Int, _ mask: UInt64,
                               _ negative: UInt64, _ step: Int) {
        var left = mask
        while left != 0 {
            let count = min(left.nonzeroBitCount, 32)
            var corrections = reader.take(count)
            for _ in 0..<count {
                let k = left.trailingZeroBitCount
                if corrections & (1 &<< 63) != 0 {
                    store.add(block, k, (negative &>> UInt64(k)) & 1 != 0 ? -step : step)
                }
                corrections = corrections &<< 1
                left &= left &- 1
            }
        }
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

    /// Adds `amount` units of coefficient `zigzag` of `block` to the value it folds into.
    @inline(__always)
    func add(_ block: Int, _ zigzag: Int, _ amount: Int) {
        let slot = slots[zigzag]
        guard slot >= 0 else { return }
        let value = values + (block &* area &+ slot)
        value.pointee = value.pointee &+ Int16(truncatingIfNeeded: (amount &* factors[zigzag] &+ 32768) &>> 16)
    }
}
