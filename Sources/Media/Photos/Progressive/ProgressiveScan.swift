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
                let prediction = state.predictions[index] &+ reader.signed(size)
                state.predictions[index] = prediction
                stores[index].add(block, 0, prediction &<< low)
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
            let steps = store.steps(1 &<< low)
            defer { steps.deallocate() }
            try forEachBlock(&reader) { reader, state, _, block in
                reader = try Self.acRefine(reader, table, store, block, start, end, steps, &state.endOfBands)
            }
        }
        return reader
    }

    /// What a scan carries from block to block until the next restart marker.
    struct State {
        /// By component index in the scan. Out of line: one lane written to a vector or tuple
        /// that the state copies whole stalls store forwarding (≈ 0.5 ms a photo's DC scan).
        var predictions: [Int] = [0, 0, 0, 0]
        var endOfBands = 0

        /// Back to the start, in place (no allocation at every restart marker).
        mutating func restart() {
            for index in predictions.indices { predictions[index] = 0 }
            endOfBands = 0
        }
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
                state.restart()
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
    /// still zero and may make the next one ±`step`; each coefficient non-zero before the scan
    /// takes one correction bit, in order, right after the symbol that passes it (or at the end
    /// of band). The bits are read first: a symbol's correction bits are as many as the
    /// positions it passes less its run, so they are taken as one string without counting them;
    /// then the changes are added to the values, only to those the scale reads.
    @inline(__always)
    private static func acRefine(_ reader: EntropyReader, _ table: HuffmanView, _ store: StoreView, _ block: Int,
                                 _ start: Int, _ end: Int, _ steps: UnsafePointer<Int16>,
                                 _ endOfBands: inout Int) throws -> EntropyReader {
        var reader = reader
        let before = store.nonzero[block]
        var negative = store.negative[block]
        var added: UInt64 = 0
        // The correction bits so far, the latest lowest (one per coefficient non-zero before).
        var corrections: UInt64 = 0
        var k = start
        if endOfBands == 0 {
            while k <= end {
                let symbol = reader.refinementSymbol(table)
                guard symbol >= 0 else { throw ProgressiveJPEG.corrupt("a Huffman code is invalid") }
                let run = symbol & 15
                if symbol & (RefinementSymbol.new | 15) < 15 {  // neither new nor a run of 16: end of band
                    endOfBands = 1 &<< run
                    if run > 0 { endOfBands &+= reader.bits(run) }
                    break
                }
                // Most symbols (73 % in a photo's last scan) pass no coefficient non-zero before:
                // the new one is `run` on and no correction bit follows. Taken apart, they leave
                // the search for the run-th zero below out of the scan's serial chain.
                let next = k &+ run
                if symbol & RefinementSymbol.new != 0 && next <= end && before & band(k, next) == 0 {
                    mark(next, symbol, &added, &negative)
                    k = next &+ 1
                    continue
                }
                // The run-th zero one (counting from 0): the first three are dropped by arithmetic
                // (a branch on the run would be mispredicted), the rest of a longer run one by one.
                var zeros = ~before & band(k, end)
                zeros &= zeros &- UInt64(truncatingIfNeeded: (run &+ 15) &>> 4)
                zeros &= zeros &- UInt64(truncatingIfNeeded: (run &+ 14) &>> 4)
                zeros &= zeros &- UInt64(truncatingIfNeeded: (run &+ 13) &>> 4)
                var left = run
                while left > 3 {
                    zeros &= zeros &- 1
                    left &-= 1
                }
                guard zeros != 0 else {
                    // Too few zero ones left: a run of 16 at the band's end passes them all.
                    guard symbol & RefinementSymbol.new == 0 else {
                        throw ProgressiveJPEG.corrupt("a coefficient is past the band's end")
                    }
                    let passed = (before & band(k, end)).nonzeroBitCount
                    corrections = corrections &<< UInt64(truncatingIfNeeded: passed) | reader.bitString(passed)
                    k = end &+ 1
                    break
                }
                let target = zeros.trailingZeroBitCount
                let passed = target &- k &- run
                corrections = corrections &<< UInt64(truncatingIfNeeded: passed) | reader.bitString(passed)
                mark(target, symbol, &added, &negative)
                k = target &+ 1
            }
        }
        if endOfBands > 0 {
            let rest = k <= end ? before & band(k, end) : 0
            endOfBands &-= 1
            if rest == 0 && added == 0 && corrections == 0 { return reader }  // the usual block of a run: nothing
            let passed = rest.nonzeroBitCount
            corrections = corrections &<< UInt64(truncatingIfNeeded: passed) | reader.bitString(passed)
        }
        store.nonzero[block] = before | added
        store.negative[block] = negative
        apply(store, block, refined: before & band(start, end), corrections, added, negative, steps)
        return reader
    }

    /// Notes the coefficient at `position` that a refinement symbol makes non-zero (if it makes
    /// one: a run of 16 does not), with its sign; without a branch, as a run of 16 is rare.
    @inline(__always)
    private static func mark(_ position: Int, _ symbol: Int, _ added: inout UInt64, _ negative: inout UInt64) {
        let bit = (1 &<< UInt64(truncatingIfNeeded: position)) & (0 &- UInt64(truncatingIfNeeded: (symbol &>> 4) & 1))
        added |= bit
        negative |= bit & (0 &- UInt64(truncatingIfNeeded: (symbol &>> 5) & 1))
    }

    /// Adds a refinement scan's changes to a block's values: a step (`StoreView.steps`) for each
    /// coefficient `added` and for each `refined` one whose correction bit (one each in
    /// `corrections`' lowest bits, the lowest position's first) is set, away from zero.
    @inline(__always)
    private static func apply(_ store: StoreView, _ block: Int, refined: UInt64, _ corrections: UInt64,
                              _ added: UInt64, _ negative: UInt64, _ steps: UnsafePointer<Int16>) {
        var corrected: UInt64 = 0
        if corrections != 0 {
            var bits = corrections &<< UInt64(truncatingIfNeeded: 64 &- refined.nonzeroBitCount)
            var left = refined
            // The first dozen without a branch (where a loop ends would be mispredicted), then
            // the rare rest one by one.
            for _ in 0..<12 {
                corrected |= left & (0 &- left) & (0 &- (bits &>> 63))
                bits &<<= 1
                left &= left &- 1
            }
            while bits != 0 {
                corrected |= bits &>> 63 != 0 ? left & (0 &- left) : 0
                bits &<<= 1
                left &= left &- 1
            }
        }
        var changes = (corrected | added) & store.read
        guard changes != 0 else { return }
        let values = store.values(of: block)
        repeat {
            let k = changes.trailingZeroBitCount
            let sign = Int(truncatingIfNeeded: (negative &>> UInt64(truncatingIfNeeded: k)) & 1)
            let value = values + store.slots[k]
            value.pointee = value.pointee &+ steps[sign &<< 6 | k]
            changes &= changes &- 1
        } while changes != 0
    }

    /// Bits `from` through `to` (0 ≤ from ≤ to ≤ 63).
    @inline(__always)
    private static func band(_ from: Int, _ to: Int) -> UInt64 {
        (UInt64.max &<< UInt64(truncatingIfNeeded: from)) & (UInt64.max &>> UInt64(truncatingIfNeeded: 63 &- to))
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
    /// The zigzag positions the scale reads (factor not 0).
    let read: UInt64

    init(_ store: CoefficientStore) {
        values = store.values
        nonzero = store.nonzero
        negative = store.negative
        slots = store.slots
        factors = store.factors
        area = store.side * store.side
        blocksWide = store.blocksWide
        read = (0..<64).reduce(0) { store.factors[$1] != 0 ? $0 | 1 << UInt64($1) : $0 }
    }

    @inline(__always)
    func values(of block: Int) -> UnsafeMutablePointer<Int16> { values + block &* area }

    /// What a refinement by `step` adds to each coefficient's value, by zigzag position: up then
    /// down (`[64 + zigzag]`), rounded as `add` rounds it. The caller deallocates it.
    func steps(_ step: Int) -> UnsafeMutablePointer<Int16> {
        let steps = UnsafeMutablePointer<Int16>.allocate(capacity: 128)
        for zigzag in 0..<64 {
            for (index, amount) in [step, -step].enumerated() {
                steps[index << 6 | zigzag] = Int16(truncatingIfNeeded: (amount &* factors[zigzag] &+ 32768) &>> 16)
            }
        }
        return steps
    }

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
