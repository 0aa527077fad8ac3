import JSON
import LeadFields
import LinerClient
import Synchronization

/// What ``ChangePreparer``s share: handing out their items a batch at a time, and re-reading each batch's
/// leads from Liner before checking them (a refused key stops the run; a lead gone or unreadable is
/// reported and left out).
final class PreparedBatches<Item: Sendable>: Sendable {
    /// How the preparer names what it does, in its messages.
    struct Wording: Sendable {
        /// "the apply", "the revert": what stops when the key is refused.
        var work: String
        /// "not sent", "not restored".
        var notDone: String
        /// "apply the plan again later", "revert again later".
        var again: String
    }

    private let items: [Item]
    private let size: Int
    private let leadId: @Sendable (Item) -> Int
    /// The fields an item writes, as Liner names them (`customValues` for one of its keys): each re-read must show
    /// them, or what the lead holds there is unknown and the item is not done.
    private let fields: @Sendable (Item) -> [String]
    private let wording: Wording
    private let position = Mutex(0)

    init(_ items: [Item], size: Int, wording: Wording, leadId: @escaping @Sendable (Item) -> Int,
         fields: @escaping @Sendable (Item) -> [String]) {
        self.items = items
        self.size = max(1, size)
        self.wording = wording
        self.leadId = leadId
        self.fields = fields
    }

    /// The field a key of a patch (`utcOffset`, `customValues[12]`, `customValues.12`) belongs to, if it is one of Liner's.
    static func leadField(of key: String) -> String? {
        let name = key.hasPrefix(LeadFields.customValues) ? LeadFields.customValues : key
        return LeadFields.named(name) != nil ? name : nil
    }

    /// The next batch: its items' leads re-read and each handed to `check` with the lead as Liner holds it
    /// now; `nil` when every item was handed out.
    func next(
        client: LinerClient, check: (Item, JSONValue, inout PreparedBatch) -> Void
    ) async throws(PreparationError) -> PreparedBatch? {
        let slice = position.withLock { start -> ArraySlice<Item> in
            let end = min(items.count, start + size)
            defer { start = end }
            return items[start..<end]
        }
        guard !slice.isEmpty else { return nil }
        var batch = PreparedBatch()
        let required = Set(slice.flatMap(fields).compactMap(Self.leadField(of:))).sorted()
        let read = await LeadReader.read(slice.map(leadId), client: client, requiredFields: required)
        for (item, (id, result)) in zip(slice, read) {
            switch result {
            case let .failure(error):
                switch FailureFollowUp(error.report) {
                case .refusedKey:
                    throw PreparationError("Liner refused the API key while re-reading lead \(id) (\(error.report.outcome)): \(wording.work) stops")
                case .leadGone:
                    batch.problems.append("lead \(id): error: the lead no longer exists: \(wording.notDone)")
                default:
                    batch.problems.append("lead \(id): error: could not be re-read (\(error.report.outcome)): \(wording.notDone); \(wording.again)")
                }
            case let .success(lead):
                batch.read += 1
                check(item, lead.json, &batch)
            }
        }
        return batch
    }
}
