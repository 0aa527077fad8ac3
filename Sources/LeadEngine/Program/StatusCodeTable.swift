/// Status id -> code, for `status` and `move`: the ids sorted, searched by halves (a dictionary hashed the id for
/// every `status == new` of every lead).
struct StatusCodeTable: Sendable {
    /// The ids in increasing order, and each one's code at the same index.
    private let ids: [Int]
    private let codes: [String]

    init(_ codesById: [Int: String]) {
        let sorted = codesById.sorted { $0.key < $1.key }
        ids = sorted.map(\.key)
        codes = sorted.map(\.value)
    }

    /// The code of status `id`, `nil` when no declared code has it.
    func code(for id: Int) -> String? {
        var low = 0, high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < ids.count && ids[low] == id ? codes[low] : nil
    }

    /// The ids whose code is one of `codes`, in increasing order: a status id is among them exactly when
    /// ``code(for:)`` of it is in `codes` (a `move`'s `from` list, checked by id).
    func ids(withCodeIn codes: Set<String>) -> [Int] {
        ids.indices.filter { codes.contains(self.codes[$0]) }.map { ids[$0] }
    }
}
