import LeadEngine

/// A fingerprint of the rules a run used (file names and bytes), recorded with each run so that a change of
/// rules between runs shows in the journal. FNV-1a, 64 bits, as 16 hex digits: an identifier, not a security
/// measure.
public enum RulesDigest {
    public static func of(_ engine: Engine) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
        }
        for file in engine.ruleset.files {
            mix(file.file.path.utf8)
            mix([0])
            mix(file.file.bytes)
            mix([0])
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
