import Foundation
import Testing
import LeadEngine
import RulesLanguage

/// Status codes declared without ids, resolved against the account's status list.
@Suite("Status ids resolved from the account")
struct StatusResolutionTests {
    /// `new` and `junk` without ids, `qualified` with one.
    static let rules = """
    status new, junk
    status qualified = 5

    transitions {
      new -> junk
      new -> qualified
    }

    rule "Junk: test number" precedence 5 {
      when status == new and e164(phone) ~ /^7(\\d)\\1{9}$/
      move new -> junk
    }

    rule "Qualify" {
      when sourceComment ~ /готов купить/i
      move new -> qualified
    }
    """

    /// The account of the tests: other ids than the default pack's, and a status the rules do not use.
    static let account = ["new": 11, "junk": 19, "qualified": 5, "callback": 12]

    @Test("Before resolution, the codes without ids are listed and nothing is invented for them")
    func unresolved() throws {
        let engine = try engine(Self.rules)
        #expect(engine.unresolvedStatusCodes == ["junk", "new"])
        #expect(engine.statusIds == ["qualified": 5])
        #expect(engine.ruleset.statusIds == ["qualified": 5])
        #expect(engine.ruleset.statusCodes == ["new", "junk", "qualified"])
        // A lead at an unknown status matches no `status == new`; no statusId 0 is ever sent.
        let result = engine.evaluate(try lead(#"{"id": 1, "statusId": 11, "phone": "79999999999"}"#), now: winter)
        #expect(result.patch.isEmpty)
        #expect(!result.patch.jsonBody().contains("\"statusId\":0"))
    }

    @Test("Unresolved, a move to a code without an id is an error of the lead: statusId 0 is never sent")
    func unresolvedMoveTarget() throws {
        let engine = try engine("""
        status new = 1, junk
        transitions {
          new -> junk
        }
        rule "Junk" {
          when e164(phone) ~ /^7(\\d)\\1{9}$/
          move new -> junk
        }
        """)
        #expect(engine.unresolvedStatusCodes == ["junk"])
        let result = engine.evaluate(try lead(#"{"id": 1, "statusId": 1, "phone": "79999999999"}"#), now: winter)
        #expect(result.patch.isEmpty)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.field == "statusId")
        let resolved = try engine.resolvingStatuses(["new": 1, "junk": 9])
        #expect(resolved.evaluate(try lead(#"{"id": 1, "statusId": 1, "phone": "79999999999"}"#), now: winter).patch.jsonBody()
                == #"{"statusId":9}"#)
    }

    @Test("Codes declared without ids take the account's; declared ids stay; unused account codes are ignored")
    func resolvesUndeclared() throws {
        let resolved = try engine(Self.rules).resolvingStatuses(Self.account)
        #expect(resolved.unresolvedStatusCodes.isEmpty)
        #expect(resolved.statusIds == ["new": 11, "junk": 19, "qualified": 5])
        #expect(resolved.ruleset.statusIds == ["qualified": 5], "the ruleset still says what was declared")
    }

    @Test("A move writes the resolved id into the patch, and `status` reads through the resolved ids")
    func moveWritesResolvedId() throws {
        let resolved = try engine(Self.rules).resolvingStatuses(Self.account)
        let junk = resolved.evaluate(try lead(#"{"id": 1, "statusId": 11, "phone": "79999999999"}"#), now: winter)
        #expect(junk.patch.jsonBody() == #"{"statusId":19}"#)
        #expect(junk.errors.isEmpty)
        #expect(junk.changes.first?.rule == "Junk: test number")
        // The declared id is written as declared.
        let qualified = resolved.evaluate(try lead(#"{"id": 2, "statusId": 11, "sourceComment": "готов купить"}"#), now: winter)
        #expect(qualified.patch.jsonBody() == #"{"statusId":5}"#)
        // A lead already at junk (19) is not at new: nothing moves.
        let already = resolved.evaluate(try lead(#"{"id": 3, "statusId": 19, "phone": "79999999999"}"#), now: winter)
        #expect(already.patch.isEmpty)
        // The default pack's id for new (1) means nothing in this account.
        let foreign = resolved.evaluate(try lead(#"{"id": 4, "statusId": 1, "phone": "79999999999"}"#), now: winter)
        #expect(foreign.patch.isEmpty)
    }

    @Test("Resolution starts from the declarations: the same engine resolves against another account")
    func resolvesAgain() throws {
        let first = try engine(Self.rules).resolvingStatuses(Self.account)
        let second = try first.resolvingStatuses(["new": 21, "junk": 29, "qualified": 5])
        #expect(second.statusIds == ["new": 21, "junk": 29, "qualified": 5])
        let result = second.evaluate(try lead(#"{"id": 1, "statusId": 21, "phone": "79999999999"}"#), now: winter)
        #expect(result.patch.jsonBody() == #"{"statusId":29}"#)
        // The first engine is unchanged.
        #expect(first.evaluate(try lead(#"{"id": 1, "statusId": 11, "phone": "79999999999"}"#), now: winter).patch.jsonBody()
                == #"{"statusId":19}"#)
    }

    @Test("A declared id that differs from the account's is an error naming the code, both ids and the declaration")
    func declaredMismatch() throws {
        let engine = try engine(Self.rules)
        var account = Self.account
        account["qualified"] = 15
        let error = try #require(throws: Engine.StatusResolutionError.self) { try engine.resolvingStatuses(account) }
        #expect(error.problems.count == 1)
        let problem = try #require(error.problems.first)
        guard case .idMismatch(code: "qualified", declared: 5, account: 15, _) = problem else {
            Issue.record("expected a mismatch of qualified 5 vs 15, got \(problem)")
            return
        }
        #expect(problem.declaredAt.description == "test.rules:2:8")
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics.first?.severity == .error)
        let text = error.description
        #expect(text.contains("test.rules:2:8: error: status 'qualified' is declared with id 5, but the account's id for 'qualified' is 15"))
        #expect(text.contains("  status qualified = 5\n         ^~~~~~~~~\n"))
    }

    @Test("A code the account does not have is an error suggesting the closest account code")
    func unknownCode() throws {
        let engine = try engine(Self.rules)
        let error = try #require(throws: Engine.StatusResolutionError.self) {
            try engine.resolvingStatuses(["new": 11, "junkk": 19, "qualified": 5])
        }
        #expect(error.problems.count == 1)
        let problem = try #require(error.problems.first)
        guard case .unknownCode(code: "junk", suggestion: "junkk", _) = problem else {
            Issue.record("expected junk unknown with the suggestion junkk, got \(problem)")
            return
        }
        #expect(problem.declaredAt.description == "test.rules:1:13")
        #expect(error.description.contains("test.rules:1:13: error: the account has no status 'junk'; did you mean 'junkk'?"))
        // Nothing close: the account's codes are listed instead.
        let far = try #require(throws: Engine.StatusResolutionError.self) {
            try engine.resolvingStatuses(["new": 11, "spam": 19, "qualified": 5])
        }
        #expect(far.description.contains("the account has no status 'junk'; its codes are new, qualified, spam"))
    }

    @Test("Every problem is listed, in the order of the declarations")
    func allProblems() throws {
        let engine = try engine(Self.rules)
        let error = try #require(throws: Engine.StatusResolutionError.self) {
            try engine.resolvingStatuses(["neu": 11, "trash": 19, "qualified": 6])
        }
        #expect(error.problems.map(\.code) == ["new", "junk", "qualified"])
        #expect(error.diagnostics.map(\.location.line) == [1, 1, 2])
        #expect(error.description.hasSuffix("3 errors, 0 warnings\n"))
    }

    @Test("An account list that gives two declared codes the same id is rejected")
    func sharedId() throws {
        let engine = try engine(Self.rules)
        let error = try #require(throws: Engine.StatusResolutionError.self) {
            try engine.resolvingStatuses(["new": 11, "junk": 11, "qualified": 5])
        }
        #expect(error.problems.count == 1)
        let problem = try #require(error.problems.first)
        guard case .sharedId(code: "new", other: "junk", id: 11, _) = problem else {
            Issue.record("expected id 11 shared by junk and new, got \(problem)")
            return
        }
        #expect(problem.declaredAt.description == "test.rules:1:8")
        #expect(error.description.contains("the account's status list gives id 11 to both 'junk' and 'new'"))
    }

    @Test("A ruleset whose ids are all declared resolves against a matching account unchanged")
    func fullyDeclared() throws {
        let declared = try engine("""
        status new = 1, junk = 9
        transitions {
          new -> junk
        }
        rule "Junk" {
          when e164(phone) ~ /^7(\\d)\\1{9}$/
          move new -> junk
        }
        """)
        #expect(declared.unresolvedStatusCodes.isEmpty)
        let resolved = try declared.resolvingStatuses(["new": 1, "junk": 9, "qualified": 5])
        #expect(resolved.statusIds == ["new": 1, "junk": 9])
        #expect(resolved.evaluate(try lead(#"{"id": 1, "statusId": 1, "phone": "79999999999"}"#), now: winter).patch.jsonBody()
                == #"{"statusId":9}"#)
        #expect(throws: Engine.StatusResolutionError.self) { try declared.resolvingStatuses(["new": 1, "junk": 10]) }
    }
}

/// `status junk = category disqualified`: a code that stands for the account's one status of a
/// category when the account has no status with the code.
@Suite("Statuses resolved by category")
struct StatusCategoryResolutionTests {
    static let rules = """
    status new = 1, junk = 9 category disqualified

    transitions {
      new -> junk
    }

    rule "Junk: test number" {
      when status == new and e164(phone) ~ /^7(\\d)\\1{9}$/
      move new -> junk
    }
    """

    static let testNumber = #"{"id": 1, "statusId": 1, "phone": "79999999999"}"#

    static func status(_ id: Int, _ code: String, _ category: String, _ title: String = "") -> AccountFacts.Status {
        AccountFacts.Status(id: id, code: code, title: title, category: category)
    }

    @Test("An exact code wins over the category: the account's junk, although do-not-call is disqualified too")
    func exactCodeWins() throws {
        let account = [Self.status(1, "new", "in-progress"), Self.status(9, "junk", "disqualified"), Self.status(10, "do-not-call", "disqualified")]
        let resolved = try engine(Self.rules).resolvingStatuses(account)
        #expect(resolved.statusIds == ["new": 1, "junk": 9])
        let junk = try #require(resolved.statusMatches.first { $0.code == "junk" })
        #expect(!junk.byCategory && junk.status.code == "junk")
        #expect(junk.summary == "status 'junk' (category disqualified) is the account's 'junk' (id 9)")
    }

    @Test("An exact code of another category than declared is an error: spam would go to a status in the call queue")
    func exactCodeOfAnotherCategory() throws {
        let account = [Self.status(1, "new", "in-progress"), Self.status(9, "junk", "in-progress"), Self.status(10, "do-not-call", "disqualified")]
        let error = try #require(throws: Engine.StatusResolutionError.self) { try engine(Self.rules).resolvingStatuses(account) }
        #expect(error.problems == [.categoryMismatch(code: "junk", declared: "disqualified", account: "in-progress",
                                                     declaredAt: SourceLocation(path: "test.rules", line: 1, column: 17))])
        #expect(error.description.contains("status 'junk' is declared of category disqualified, but the account's 'junk' (id 9) is in-progress"),
                "\(error.description)")
        // A status whose category the account does not say is taken by its code, as before.
        let unsaid = [Self.status(1, "new", ""), Self.status(9, "junk", "")]
        #expect(try engine(Self.rules).resolvingStatuses(unsaid).statusIds == ["new": 1, "junk": 9])
    }

    @Test("Without the code, the account's one status of the category stands for it, with its own id")
    func uniqueCategory() throws {
        let account = [Self.status(1, "new", "in-progress"), Self.status(11, "spam", "disqualified", "Спам"), Self.status(5, "qualified", "qualified")]
        let resolved = try engine(Self.rules).resolvingStatuses(account)
        #expect(resolved.statusIds == ["new": 1, "junk": 11])
        let junk = try #require(resolved.statusMatches.first { $0.code == "junk" })
        #expect(junk.byCategory && junk.status.code == "spam")
        #expect(junk.summary == "status 'junk' (category disqualified) is the account's 'spam' (id 11, \"Спам\"): the account has no 'junk'")
        #expect(resolved.evaluate(try lead(Self.testNumber), now: winter).patch.jsonBody() == #"{"statusId":11}"#)
        // A lead already at spam reads as junk.
        let atSpam = try engine("""
            status junk = category disqualified
            rule "Junk leads are cold" {
              when status == junk
              set priority = 0
            }
            """).resolvingStatuses(account)
        #expect(atSpam.evaluate(try lead(#"{"id": 2, "statusId": 11, "priority": 5}"#), now: winter).patch.jsonBody() == #"{"priority":0}"#)
    }

    @Test("Two statuses of the category are an error listing both, code and id")
    func twoCandidates() throws {
        let account = [Self.status(1, "new", "in-progress"), Self.status(11, "spam", "disqualified"), Self.status(10, "do-not-call", "disqualified")]
        let error = try #require(throws: Engine.StatusResolutionError.self) { try engine(Self.rules).resolvingStatuses(account) }
        #expect(error.problems.count == 1)
        guard case let .ambiguousCategory(code, category, candidates, at) = try #require(error.problems.first) else {
            Issue.record("expected an ambiguous category, got \(error.problems)")
            return
        }
        #expect(code == "junk" && category == "disqualified" && candidates.map(\.code) == ["spam", "do-not-call"])
        #expect(at.description == "test.rules:1:17")
        #expect(error.description.contains("test.rules:1:17: error: the account has no status 'junk' and 2 statuses of category disqualified: 'spam' (id 11), 'do-not-call' (id 10)"))
    }

    @Test("No status of the category is an error; so is a code without a category that the account lacks")
    func noCandidate() throws {
        let account = [Self.status(1, "new", "in-progress"), Self.status(5, "qualified", "qualified")]
        let error = try #require(throws: Engine.StatusResolutionError.self) { try engine(Self.rules).resolvingStatuses(account) }
        guard case .noStatusInCategory(code: "junk", category: "disqualified", suggestion: nil, _) = try #require(error.problems.first) else {
            Issue.record("expected no status of the category, got \(error.problems)")
            return
        }
        #expect(error.description.contains("the account has no status 'junk' and no status of category disqualified; its codes are new, qualified"))
        // The code-only list (no categories) cannot resolve by category.
        #expect(throws: Engine.StatusResolutionError.self) { try engine(Self.rules).resolvingStatuses(["new": 1, "spam": 11]) }
    }

    @Test("Two codes that come to one status are an error")
    func sharedByCategory() throws {
        let rules = """
        status spam, junk = category disqualified
        rule "R" {
          when status in [spam, junk]
          set priority = 0
        }
        """
        let error = try #require(throws: Engine.StatusResolutionError.self) {
            try engine(rules).resolvingStatuses([Self.status(11, "spam", "disqualified")])
        }
        #expect(error.description.contains("the account's status list gives id 11 to both 'junk' and 'spam'"))
    }
}
