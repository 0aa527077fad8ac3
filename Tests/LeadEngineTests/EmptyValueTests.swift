import Foundation
import Testing
import LeadEngine

/// Only `clear` may empty a field: a `set`/`fill` (or table row) whose value is empty does not
/// write, does not fire, and does not take the field from a writer with a real value.
@Suite("Empty values never write: only clear clears")
struct EmptyValueTests {
    /// Evaluates and checks the invariants every evaluation must keep, whatever the rules.
    func evaluate(_ rules: String, _ json: String, trace: Bool = false) throws -> Evaluation {
        let result = try engine(rules).evaluate(try lead(json), now: winter, trace: trace)
        expectNoAccidentalClear(result)
        return result
    }

    @Test("A capture that matched nothing does not write, does not fire and is no error")
    func emptyCapture() throws {
        let rules = """
        rule "Name from comment" {
          when sourceComment ~ /имя:\\s*(?<n>\\w*)/i
          set name = $n
        }
        """
        let result = try evaluate(rules, #"{"id": 9, "name": "Иван", "sourceComment": "имя: "}"#)
        #expect(result.patch.isEmpty)
        #expect(result.fired.isEmpty)
        #expect(result.errors.isEmpty)
        let named = try evaluate(rules, #"{"id": 9, "name": "Иван", "sourceComment": "имя: Пётр"}"#)
        #expect(named.patch.jsonBody() == #"{"name":"Пётр"}"#)
    }

    @Test("An optional group that took no part in the match does not write")
    func optionalGroup() throws {
        let rules = """
        rule "Client" {
          when sourceComment ~ /клиент(?:\\s+(?<n>\\p{L}+))?/i
          set name = $n
        }
        """
        #expect(try evaluate(rules, #"{"id": 1, "name": "Иван", "sourceComment": "клиент"}"#).patch.isEmpty)
        #expect(try evaluate(rules, #"{"id": 1, "sourceComment": "клиент Анна"}"#).patch.jsonBody() == #"{"name":"Анна"}"#)
    }

    @Test("A capture on the side of an 'or' that did not match does not write")
    func captureOfAnotherBranch() throws {
        let rules = """
        rule "Name" {
          when sourceComment ~ /имя: (?<n>\\p{L}+)/ or sourceComment ~ /аноним/
          set name = $n
        }
        """
        let result = try evaluate(rules, #"{"id": 1, "name": "Иван", "sourceComment": "аноним"}"#)
        #expect(result.patch.isEmpty)
        #expect(result.fired.isEmpty)
    }

    @Test("trim of blanks, digits of a text without digits, lower of an empty field: nothing is written")
    func functionsThatReturnEmpty() throws {
        let rules = """
        rule "Contact" {
          set name = trim(lead["contact"])
          set customValues[5] = digits(sourceComment)
          set instagramLogin = lower(lead["insta"])
        }
        """
        let result = try evaluate(rules, #"{"id": 1, "name": "Иван", "sourceComment": "нет цифр", "instagramLogin": "ivan", "contact": "   ", "insta": "", "customValues": {"5": "42"}}"#)
        #expect(result.patch.isEmpty)
        #expect(result.fired.isEmpty)
        #expect(result.errors.isEmpty)
    }

    @Test("A value of only white space or invisible characters is empty",
          arguments: [" ", "   ", "\\t\\n", "\\u00a0", "\\u200b", "\\u200c\\u200d", "\\ufeff", "\\u2060", "\\u3164", "\\u2800", " \\u200b\\u00a0 ", "\\u0007"])
    func blankText(_ blank: String) throws {
        let rules = """
        rule "Name" {
          set name = lead["fio"]
          fill sourceComment = lead["fio"]
          set customValues[3] = lead["fio"]
        }
        """
        let result = try evaluate(rules, #"{"id": 1, "name": "Иван", "customValues": {"3": "x"}, "fio": "\#(blank)"}"#)
        #expect(result.patch.isEmpty)
        #expect(result.errors.isEmpty)
        #expect(result.fired.isEmpty)
    }

    @Test("An empty concat or template does not write; one with visible text does")
    func emptyConcatAndTemplate() throws {
        let rules = """
        rule "Name" {
          when sourceComment ~ /имя:(?<first>\\p{L}*)\\s*(?<last>\\p{L}*)/
          set name = concat($first, $last)
          set customValues[1] = "${first} ${last}"
          set customValues[2] = "Клиент ${first}"
        }
        """
        let result = try evaluate(rules, #"{"id": 1, "name": "Иван", "sourceComment": "имя:"}"#)
        #expect(result.patch.jsonBody() == #"{"customValues":{"2":"Клиент "}}"#)
    }

    @Test("Empty JSON values (null, \"\", [], {}) read through json() do not write")
    func emptyJSON() throws {
        let rules = """
        rule "City" {
          set customValues[8] = json(sourceComment, "answers.city")
        }
        """
        for city in ["null", #""""#, "[]", "{}", #"" ""#] {
            let comment = #"{\"answers\": {\"city\": \#(city.replacingOccurrences(of: "\"", with: "\\\""))}}"#
            let result = try evaluate(rules, #"{"id": 1, "customValues": {"8": "Москва"}, "sourceComment": "\#(comment)"}"#)
            #expect(result.patch.isEmpty, "\(city)")
            #expect(result.errors.isEmpty, "\(city)")
        }
    }

    @Test("An empty vkId, phone or utcOffset is not written and is no error")
    func emptyTypedFields() throws {
        let rules = """
        rule "Ids" {
          when sourceComment ~ /vk:(?<vk>\\d*) tg:(?<tg>\\d*) utc:(?<h>\\d*)/
          set vkId = $vk
          set telegramPhone = $tg
          set utcOffset = int($h)
          set phone = e164(lead["other"])
        }
        """
        let result = try evaluate(rules, #"{"id": 1, "vkId": "5", "telegramPhone": "79161234567", "utcOffset": 3, "phone": "+79161234567", "sourceComment": "vk: tg: utc:"}"#)
        #expect(result.patch.isEmpty)
        #expect(result.errors.isEmpty)
        #expect(result.fired.isEmpty)
    }

    @Test("fill on an empty field with an empty value writes nothing (not even \"\")")
    func fillEmptyWithEmpty() throws {
        let rules = """
        rule "Fill name" {
          when sourceComment ~ /имя:\\s*(?<n>\\p{L}*)/
          fill name = $n
        }
        """
        for input in [#"{"id": 1, "sourceComment": "имя:"}"#, #"{"id": 1, "name": null, "sourceComment": "имя:"}"#] {
            let result = try evaluate(rules, input)
            #expect(result.patch.isEmpty)
            #expect(result.fired.isEmpty)
        }
    }

    @Test("A higher-precedence writer with an empty value does not take the field from a lower one with a real value")
    func lowerPrecedenceWins() throws {
        let rules = """
        rule "Name from comment" precedence 10 {
          when sourceComment ~ /имя:\\s*(?<n>\\p{L}*)/
          set name = $n
        }

        rule "Default name" {
          set name = "Клиент"
        }

        table "Comment kind" precedence 5 {
          set customValues[4] from sourceComment by first match
          "имя" => "\\u{200B}"
        }

        table "Fallback kind" {
          set customValues[4] from sourceComment by first match
          "имя" => "анкета"
        }
        """
        let result = try evaluate(rules, #"{"id": 1, "name": "Иван", "sourceComment": "имя: "}"#)
        #expect(result.patch.jsonBody() == #"{"name":"Клиент","customValues":{"4":"анкета"}}"#)
        #expect(result.changes.map(\.rule) == ["Default name", "Fallback kind"])
        #expect(result.fired == ["Default name", "Fallback kind"])
    }

    @Test("A rule that writes several fields writes the non-empty ones and fires")
    func partlyEmpty() throws {
        let rules = """
        rule "Quiz" {
          when sourceComment ~ /имя:(?<n>\\p{L}*);город:(?<c>\\p{L}*)/
          set name = $n
          set customValues[2] = $c
        }
        """
        let result = try evaluate(rules, #"{"id": 1, "name": "Иван", "sourceComment": "имя:;город:Тверь"}"#)
        #expect(result.patch.jsonBody() == #"{"customValues":{"2":"Тверь"}}"#)
        #expect(result.fired == ["Quiz"])
    }

    @Test("clear still clears, and the patch says which keys it clears")
    func clearStillClears() throws {
        let rules = """
        rule "Clear placeholders" {
          when name in ["-", "нет"]
          clear name
          clear priority
          clear customValues[7]
          set customValues[8] = "заглушка"
        }
        """
        let result = try evaluate(rules, #"{"id": 1, "name": "-", "priority": 3, "customValues": {"7": "x"}}"#)
        #expect(result.patch.jsonBody() == #"{"name":"","priority":null,"customValues":{"7":"","8":"заглушка"}}"#)
        #expect(result.patch.clears == ["name", "priority", "customValues[7]"])
        #expect(result.changes.map(\.isClear) == [true, true, true, false])
        #expect(result.patch.isSelfConsistent)
        let nothing = try evaluate(rules, #"{"id": 1, "name": "Иван"}"#)
        #expect(nothing.patch.clears.isEmpty)
        #expect(nothing.patch.isSelfConsistent)
    }

    @Test("The trace says the value was empty and not written")
    func traced() throws {
        let rules = """
        rule "Name from comment" precedence 10 {
          when sourceComment ~ /имя:\\s*(?<n>\\p{L}*)/
          set name = $n
        }

        rule "Default name" {
          set name = "Клиент"
        }
        """
        let result = try evaluate(rules, #"{"id": 1, "sourceComment": "имя: "}"#, trace: true)
        let first = try #require(result.trace.first { $0.name == "Name from comment" })
        #expect(first.writes.map(\.field) == ["name"])
        #expect(first.writes.map(\.value) == [#""""#])
        #expect(first.writes.map(\.won) == [false])
        #expect(first.writes.map(\.note) == ["not written: the value is empty"])
        #expect(!result.fired.contains("Name from comment"))
        let second = try #require(result.trace.first { $0.name == "Default name" })
        #expect(second.writes.map(\.won) == [true])
        #expect(result.patch.jsonBody() == #"{"name":"Клиент"}"#)
    }
}
