import Testing
import PCRE2

@Suite("Concurrency: one compiled pattern, many tasks")
struct ConcurrencyTests {
    @Test("Matching one Pattern from 64 concurrent tasks gives every task the right captures")
    func concurrentMatching() async throws {
        let pattern = try Pattern(#"(?<city>[\p{L}\d-]+): (?<code>\d{3,5})"#)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<64 {
                group.addTask {
                    let scratch = MatchScratch()
                    var allRight = true
                    for i in 0..<2_000 {
                        let code = String(100 + (task * 2_000 + i) % 900)
                        let subject = "звонок из города Город-\(task): \(code) ✓"
                        // Alternate the pooled and the explicit-scratch paths.
                        let match = i.isMultiple(of: 2)
                            ? try pattern.firstMatch(in: subject)
                            : try pattern.firstMatch(in: subject, scratch: scratch)
                        allRight = allRight && match?["code"].map(String.init) == code
                            && match?["city"].map(String.init) == "Город-\(task)"
                    }
                    return allRight
                }
            }
            var all: [Bool] = []
            for try await ok in group { all.append(ok) }
            return all
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }
}
