extension SmallRegex {
    /// Whether a match starts exactly at byte `start` of the UTF-8 `bytes` (a character boundary): `true` or
    /// `false` as PCRE2 would answer with the pattern compiled anchored, or `nil` when the automaton had to read a
    /// character outside ASCII and U+0400...U+045F (the one before `start` too, for a pattern with `\b` or `\B`),
    /// where PCRE2 must decide (unless a match ends before it whatever it is).
    func matches(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool? {
        guard start >= 0, start <= bytes.count else { return nil }
        var state = Int(self.start)
        if usesBoundaries {
            let before = Self.wordBefore(start, in: bytes)
            if before < 0 { return nil }
            state &+= before
        }
        return transitions.withUnsafeBufferPointer { transitions -> Bool? in
            classes.withUnsafeBufferPointer { classes in
                let end = bytes.count, endClass = classCount &- 1
                var position = start
                while true {
                    // The character's class: ASCII, or two bytes led by D0 (U+0400...U+043F) or D1 (U+0440...U+045F).
                    var c = endClass
                    if position < end {
                        let b = bytes[position]
                        if b < 0x80 {
                            c = Int(classes[Int(b)])
                            position &+= 1
                        } else {
                            guard position &+ 1 < end else { return acceptsBeforeAnything[state] ? true : nil }
                            let trail = Int(bytes[position &+ 1])
                            if b == 0xD0 {
                                c = Int(classes[trail])  // code 128 + (trail & 0x3F), trail in 80...BF: the trail
                            } else if b == 0xD1, trail < 0xA0 {
                                c = Int(classes[64 &+ trail])  // code 192 + (trail & 0x3F)
                            } else {
                                return acceptsBeforeAnything[state] ? true : nil
                            }
                            position &+= 2
                        }
                    }
                    let next = transitions[state &* classCount &+ c]
                    if next >= 0 {
                        state = Int(next)
                        continue
                    }
                    return next == SmallRegex.accepted
                }
            }
        }
    }

    /// Whether the character ending right before byte `position` is a word character: 1 yes, 0 no (none: the
    /// start), -1 not known (outside the two ranges).
    static func wordBefore(_ position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard position > 0 else { return 0 }
        let last = bytes[position - 1]
        if last < 0x80 { return isWordCode(Int(last)) ? 1 : 0 }
        guard position >= 2, last < 0xC0 else { return -1 }
        let lead = bytes[position - 2]
        // A lead byte before a trail byte: the character is those two bytes (valid UTF-8).
        if lead == 0xD0 || (lead == 0xD1 && last < 0xA0) { return 1 }
        return -1
    }
}
