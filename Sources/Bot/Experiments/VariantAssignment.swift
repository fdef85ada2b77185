import Program

/// Which variant a user gets in an experiment: a hash of the experiment id and the user id,
/// split by the variants' weights. No state, so the same user gets the same variant after a
/// restart, on another instance and on another device; experiments are independent because the
/// experiment id is part of what is hashed.
enum VariantAssignment {
    static func variant(of userID: Int64, in experiment: Experiment) -> String {
        let total = experiment.variants.reduce(0) { $0 + max($1.weight, 0) }
        guard total > 0 else { return experiment.control }
        var point = bucket(of: userID, experimentID: experiment.id) % UInt64(total)
        for variant in experiment.variants {
            let weight = UInt64(max(variant.weight, 0))
            if point < weight { return variant.id }
            point -= weight
        }
        return experiment.control
    }

    /// FNV-1a over "experiment:user" (stable across platforms and Swift versions, unlike
    /// `Hasher`), finished with SplitMix64's mixer so near ids spread evenly.
    static func bucket(of userID: Int64, experimentID: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(experimentID):\(userID)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 30
        hash = hash &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27
        hash = hash &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return hash
    }
}
