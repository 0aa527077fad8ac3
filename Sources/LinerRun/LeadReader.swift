import LinerClient

/// Reads leads one by one (`GET /v2/lead/detail/{id}/`), a few at a time.
enum LeadReader {
    /// How many reads are in flight at most (the client's own limits still apply).
    static let width = 8

    /// The leads `ids`, each read or its error, in the order of `ids`.
    /// `requiredFields`: what each detail must show (the rules' fields; see ``LinerClient/lead(id:requiredFields:)``).
    static func read(_ ids: [Int], client: LinerClient, requiredFields: [String]) async -> [(id: Int, result: Result<LinerLead, LinerCallError>)] {
        await withTaskGroup(of: (Int, Result<LinerLead, LinerCallError>).self) { group in
            var results: [(Int, Result<LinerLead, LinerCallError>)] = []
            var running = 0
            for (index, id) in ids.enumerated() {
                if running >= width, let result = await group.next() {
                    results.append(result)
                    running -= 1
                }
                group.addTask {
                    // The result made in the `do` and returned after it: returning the tuple from inside a typed
                    // `do`/`catch` in this task's closure gave, in release builds (Swift 6.3), a failure a garbage
                    // index, and the map below trapped (every run after an interrupted `--apply` died with SIGILL).
                    let result: Result<LinerLead, LinerCallError>
                    do throws(LinerCallError) {
                        result = .success(try await client.lead(id: id, requiredFields: requiredFields).value)
                    } catch {
                        result = .failure(error)
                    }
                    return (index, result)
                }
                running += 1
            }
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map { (ids[$0.0], $0.1) }
        }
    }
}
