import BenchSupport
import Foundation
import JSON
import Testing
@testable import LeadEngine
import RulesLanguage

/// Condition parts of `and`, `or`, `not` compiled to steps (``TruthStep``): the steps visit the leaves the recursive walk
/// visits, in its order, and give its truth, for every combination of the leaves' truths; and the engine running them
/// (masks of subtrees among them) agrees with the reference interpreter on random formulas, leads read as text and
/// decoded, at every detail, also where a leaf fails.
@Suite("Truth steps")
struct TruthStepsTests {
    /// The leaves of random formulas: regex tests of `text(sourceComment)` (one regex set, so masks), tests of fields,
    /// a comparison that fails for some names (`int(name)`), a phone reader, the status, a regex of `json()`.
    static let leaves = [
        "text(sourceComment) ~ /срочно/i", "text(sourceComment) !~ /не\\s+срочно/i", "text(sourceComment) ~ /urgent/i",
        "text(sourceComment) ~ /тест/i", "text(sourceComment) ~ /casino/i", "text(sourceComment) !~ /хочу/i",
        "phone is empty", "name is present", "int(name) > 5", "length(phone_first(phone)) >= 10", "status == new",
        "json(sourceComment, \"answer\") ~ /срочно/i", "priority > 3", "phone_rest(phone) is empty",
    ]

    static func formula(_ random: inout SplitMix64, depth: Int) -> String {
        if depth == 0 || random.chance(25) { return random.pick(leaves) }
        switch random.below(5) {
        case 0: return "not (\(formula(&random, depth: depth - 1)))"
        case 1, 2: return "(\(formula(&random, depth: depth - 1)) and \(formula(&random, depth: depth - 1)))"
        default: return "(\(formula(&random, depth: depth - 1)) or \(formula(&random, depth: depth - 1)))"
        }
    }

    /// A pack of `count` rules whose conditions are random formulas (a part of each, some after `status == new`),
    /// writing `priority` (read by later formulas), `utcOffset`, or moving the status.
    static func pack(_ random: inout SplitMix64, count: Int) -> String {
        var rules = "status new = 1, junk = 9\n\ntransitions {\n  new -> junk\n}\n"
        for index in 0..<count {
            let condition = (random.chance(30) ? "status == new and " : "") + "(\(formula(&random, depth: 3)))"
            // No two rules depend on each other (a cycle is refused): a rule that reads the status does not write
            // `priority`, one that reads `priority` does not move the status.
            var bodies = ["set utcOffset = \(random.below(5))"]
            if !condition.contains("status") { bodies.append("set priority = \(random.below(10))") }
            if !condition.contains("priority") { bodies.append("move new -> junk") }
            let body = random.pick(bodies)
            rules += "\nrule \"R\(index)\" precedence \(random.below(4) * 10) {\n  when \(condition)\n  \(body)\n}\n"
        }
        return rules
    }

    @Test("the steps visit the walk's leaves in its order and give its truth, for every combination of leaf truths")
    func stepsFollowTheWalk() throws {
        var random = SplitMix64(seed: 0x18_0204)
        var compiled = 0
        for _ in 0..<40 {
            let program = try Engine(source: Self.pack(&random, count: 8), path: "steps.rules").program
            let plan = EvaluationPlan(program)
            let code = program.code
            #expect(plan.partSteps.count == plan.conditionRoots.count)
            for (part, root) in plan.conditionRoots.enumerated() {
                let start = plan.partSteps[part]
                guard root >= 0, start >= 0 else {
                    if root >= 0 { #expect(!TruthStep.isConnective(root, in: code)) }
                    continue
                }
                compiled += 1
                // The leaves as the part's steps name them (a masked subtree is one leaf), and the walk that stops at them.
                var reachable: Set<Int32> = [], pending = [start]
                while let next = pending.popLast() {
                    guard next >= 0, reachable.insert(next).inserted else { continue }
                    pending += [plan.truthSteps[Int(next)].onTrue, plan.truthSteps[Int(next)].onFalse]
                }
                let leaves = Set(reachable.map { plan.truthSteps[Int($0)].leaf })
                func walk(_ index: Int32, _ truth: (Int32) -> Bool, _ visited: inout [Int32]) -> Bool {
                    if leaves.contains(index) {
                        visited.append(index)
                        return truth(index)
                    }
                    switch code.instructions[Int(index)] {
                    case let .and(lhs, rhs): return walk(lhs, truth, &visited) && walk(rhs, truth, &visited)
                    case let .or(lhs, rhs): return walk(lhs, truth, &visited) || walk(rhs, truth, &visited)
                    case let .not(operand): return !walk(operand, truth, &visited)
                    default:
                        Issue.record("leaf \(index) not among the steps")
                        return false
                    }
                }
                // Every leaf of the part (no short-circuit).
                func collect(_ index: Int32, _ found: inout [Int32]) {
                    if leaves.contains(index) { return found.append(index) }
                    switch code.instructions[Int(index)] {
                    case let .and(lhs, rhs), let .or(lhs, rhs):
                        collect(lhs, &found)
                        collect(rhs, &found)
                    case let .not(operand): collect(operand, &found)
                    default: Issue.record("leaf \(index) not among the steps")
                    }
                }
                var partLeaves: [Int32] = []
                collect(root, &partLeaves)
                let distinct = Array(Set(partLeaves))
                guard distinct.count <= 12 else { continue }
                for combination in 0..<(1 << distinct.count) {
                    func truth(_ leaf: Int32) -> Bool { (combination >> distinct.firstIndex(of: leaf)!) & 1 != 0 }
                    var expectedVisits: [Int32] = []
                    let expected = walk(root, truth, &expectedVisits)
                    var visits: [Int32] = []
                    var index = start, result: Bool?
                    while result == nil {
                        let step = plan.truthSteps[Int(index)]
                        visits.append(step.leaf)
                        let next = truth(step.leaf) ? step.onTrue : step.onFalse
                        if next < 0 { result = next == TruthStep.partTrue } else { index = next }
                    }
                    #expect(result == expected)
                    #expect(visits == expectedVisits)
                }
            }
        }
        #expect(compiled > 100)
    }

    @Test("a masked subtree's mask is its formula's, and a part that is one mask is not compiled")
    func masksOfSubtrees() throws {
        let rules = """
        status new = 1, junk = 9

        rule "Mask then field" {
          when text(sourceComment) ~ /срочно/i and text(sourceComment) !~ /не\\s+срочно/i or phone is empty
          set priority = 9
        }

        rule "Whole mask" {
          when text(sourceComment) ~ /срочно/i or text(sourceComment) ~ /urgent/i
          set priority = 2
        }
        """
        let program = try Engine(source: rules, path: "subtree.rules").program
        let plan = EvaluationPlan(program)
        let first = plan.writers[0].conditions.lowerBound, second = plan.writers[1].conditions.lowerBound
        #expect(plan.conditionRoots[second] < 0)
        #expect(plan.partSteps[second] == -1)
        let start = plan.partSteps[first]
        try #require(start >= 0)
        let steps = plan.truthSteps
        // `(A and not B) or phone is empty`: the mask first, the field test when it does not hold.
        let head = steps[Int(start)]
        #expect(head.mask >= 0 && head.onTrue == TruthStep.partTrue && head.onFalse >= 0)
        let tail = steps[Int(head.onFalse)]
        #expect(tail.mask == -1 && tail.onTrue == TruthStep.partTrue && tail.onFalse == TruthStep.partFalse)
    }

    @Test("the engine with steps agrees with the reference on random formulas, leads read as text and decoded")
    func agreesWithTheReference() throws {
        var random = SplitMix64(seed: 0x18_0205)
        let pieces = ["срочно", "не срочно", "urgent", "тест", "casino", "хочу", "просто", "СРОЧНО!"]
        var tally = DifferentialComparison.Tally()
        for _ in 0..<25 {
            let engine = try Engine(source: Self.pack(&random, count: 10), path: "steps.rules")
            let comparison = DifferentialComparison(engine)
            for id in 1...60 {
                var members = ["\"id\": \(id)"]
                if !random.chance(15) { members.append("\"statusId\": \(random.pick(["1", "9", "null"]))") }
                let comment = (0..<random.below(4)).map { _ in random.pick(pieces) }.joined(separator: " ")
                switch random.below(10) {
                case 0: break
                case 1: members.append("\"sourceComment\": null")
                case 2: members.append("\"sourceComment\": \"\"")
                case 3: members.append("\"sourceComment\": \"{\\\"answer\\\": \\\"\(comment)\\\"}\"")
                default: members.append("\"sourceComment\": \"\(comment)\"")
                }
                // `int()` refuses a name out of range or not a number: a leaf that fails.
                if random.chance(70) { members.append("\"name\": \"\(random.pick(["7", "2", "99999999999999999999999", "x"]))\"") }
                if random.chance(60) { members.append("\"phone\": \"\(random.pick(["", "+7 916 123-45-67", "8 916 123 45 67 доб. 5", "12"]))\"") }
                if random.chance(30) { members.append("\"priority\": \(random.below(9))") }
                let text = "{" + members.joined(separator: ", ") + "}"
                try comparison.tallyBothReadings(text, now: winter, into: &tally)
            }
        }
        #expect(tally.mismatches == 0)
        #expect(tally.readings == 3_000)
        #expect(tally.failing > 50)
    }
}
