extension Checker {
    /// Warns when two writers of one field have the same precedence: the winner would then be
    /// decided by load order alone, which an author may not have meant. Writers whose conditions
    /// cannot both hold for one lead (`analysis`) never compete, and are not reported.
    mutating func checkPrecedence(_ analysis: ReachabilityAnalysis? = nil) {
        let byField = writerIndicesByField()
        var warned: Set<String> = []
        for field in byField.keys.sorted() {
            // The earlier writers of the field by precedence: a writer is compared with those of its own
            // precedence only (each writer against every earlier one made 1,000 writers of a field slow).
            var earlierByPrecedence: [Int: [Int]] = [:]
            for index in byField[field]! {
                let writer = writers[index]
                defer { earlierByPrecedence[writer.precedence, default: []].append(index) }
                // Two moves conflict only when they can start from the same status.
                guard let earlierIndex = earlierByPrecedence[writer.precedence]?.first(where: {
                    (field != "statusId" || !writers[$0].moveSources.isDisjoint(with: writer.moveSources))
                        && !(analysis?.exclusive(writers[$0].loadIndex, writer.loadIndex, field: field) ?? false)
                }) else { continue }
                let earlier = writers[earlierIndex]
                let key = "\(writer.name)\u{0}\(earlier.name)"
                if warned.insert(key).inserted {
                    report(.ambiguousPrecedence(field: field, other: earlier.name, precedence: writer.precedence), writer.range,
                           notes: [.init(text: "\"\(earlier.name)\" is declared here", range: earlier.range)])
                }
            }
        }
    }

    /// The indices in ``writers`` of each field's writers, in load order.
    func writerIndicesByField() -> [String: [Int]] {
        var byField: [String: [Int]] = [:]
        for (index, writer) in writers.enumerated() {
            for field in Set(writer.writes) { byField[field, default: []].append(index) }
        }
        return byField
    }

    /// Orders writers so that every writer of a field runs before the writers that read it
    /// (a writer that also writes the field reads the lead's own value). Ties keep load order.
    /// Reports a cycle and returns `nil` when there is one.
    mutating func dependencyOrder() -> [Writer]? {
        let writersOf = writerIndicesByField()
        var successors = [[Int]](repeating: [], count: writers.count)
        var incoming = [Int](repeating: 0, count: writers.count)
        for (reader, writer) in writers.enumerated() {
            let own = Set(writer.writes)
            var sources: Set<Int> = []
            for field in writer.reads where !own.contains(field) {
                for source in writersOf[field] ?? [] where source != reader { sources.insert(source) }
            }
            for source in sources {
                successors[source].append(reader)
                incoming[reader] += 1
            }
        }
        // Kahn's algorithm, always taking the earliest ready writer in load order.
        var ready = incoming.indices.filter { incoming[$0] == 0 }
        var order: [Writer] = []
        while !ready.isEmpty {
            let next = ready.min()!
            ready.removeAll { $0 == next }
            order.append(writers[next])
            for successor in successors[next] {
                incoming[successor] -= 1
                if incoming[successor] == 0 { ready.append(successor) }
            }
        }
        guard order.count < writers.count else { return order }
        // Describe one cycle: walk from a remaining writer along remaining edges until a writer repeats.
        let remaining = Set(incoming.indices.filter { incoming[$0] > 0 })
        var path: [Int] = [remaining.min()!]
        while true {
            let current = path.last!
            guard let next = successors[current].first(where: { remaining.contains($0) }) else { break }
            if let start = path.firstIndex(of: next) {
                path = Array(path[start...]) + [next]
                break
            }
            path.append(next)
        }
        let description = zip(path, path.dropFirst()).map { from, to -> String in
            let field = Set(writers[from].writes).intersection(writers[to].reads).sorted().first ?? "?"
            return "\"\(writers[from].name)\" writes \(field), read by"
        }.joined(separator: " ") + " \"\(writers[path.last!].name)\""
        report(.dependencyCycle(description), writers[path.first!].range)
        return nil
    }
}
