/// One match of a ``Pattern`` in a subject, with every group, as an owned value.
public struct Match: Sendable {
    /// The string that was searched.
    public let subject: String
    /// The range of each group in ``subject``; index 0 is the whole match, `nil` for a group that
    /// did not take part.
    public let ranges: [Range<String.Index>?]
    /// Named groups: name -> group number.
    public let groupNumbers: [String: Int]

    init(subject: String, pattern: Pattern, scratch: MatchScratch) {
        self.subject = subject
        self.groupNumbers = pattern.groupNumbers
        self.ranges = (0...pattern.captureCount).map { scratch.range($0, in: subject) }
    }

    /// The whole matched text.
    public var text: Substring { subject[ranges[0]!] }

    /// The text of group `group`, or `nil` when it did not take part (or does not exist).
    public subscript(group: Int) -> Substring? {
        guard group >= 0, group < ranges.count, let range = ranges[group] else { return nil }
        return subject[range]
    }

    /// The text of the named group `name`, or `nil` when it did not take part (or does not exist).
    public subscript(name: String) -> Substring? {
        groupNumbers[name].flatMap { self[$0] }
    }
}
