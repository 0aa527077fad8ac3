import Foundation
import Testing
import LeadEngine

@Suite("Patch semantics: minimal, fill vs set, clear, custom values")
struct PatchSemanticsTests {
    @Test("Only fields whose value changes are in the patch")
    func minimal() throws {
        let rules = """
        rule "Offset" {
          when e164(phone) ~ /^7495/
          set utcOffset = 3
          set priority = 5
        }
        """
        #expect(try patch(rules, #"{"id": 1, "phone": "84951234567", "utcOffset": 3, "priority": 1}"#) == #"{"priority":5}"#)
        #expect(try patch(rules, #"{"id": 1, "phone": "84951234567", "utcOffset": 3, "priority": 5}"#) == "{}")
        #expect(try patch(rules, #"{"id": 1, "phone": "84951234567"}"#) == #"{"priority":5,"utcOffset":3}"#)
    }

    @Test("fill writes only into a missing or empty field; set overwrites")
    func fillVersusSet() throws {
        let rules = """
        rule "Fill name" {
          fill name = "Клиент"
        }
        rule "Set offset" {
          set utcOffset = 3
        }
        """
        #expect(try patch(rules, #"{"id": 1, "name": "Иван", "utcOffset": 5}"#) == #"{"utcOffset":3}"#)
        #expect(try patch(rules, #"{"id": 1, "name": "", "utcOffset": null}"#) == #"{"name":"Клиент","utcOffset":3}"#)
        #expect(try patch(rules, #"{"id": 1}"#) == #"{"name":"Клиент","utcOffset":3}"#)
    }

    @Test("clear sends an empty value only when there is something to clear")
    func clear() throws {
        let rules = """
        rule "Clear placeholders" {
          when name in ["-", "нет"]
          clear name
          clear priority
          clear customValues[7]
        }
        """
        #expect(try patch(rules, #"{"id": 1, "name": "-", "priority": 3, "customValues": {"7": "x"}}"#)
                == #"{"name":"","priority":null,"customValues":{"7":""}}"#)
        #expect(try patch(rules, #"{"id": 1, "name": "нет"}"#) == #"{"name":""}"#)
        #expect(try patch(rules, #"{"id": 1, "name": "Иван", "priority": 3}"#) == "{}")
    }

    @Test("Never a null or empty string unless a rule clears: an empty capture does not write")
    func noAccidentalClear() throws {
        let rules = """
        rule "Name from comment" {
          when sourceComment ~ /имя:\\s*(?<n>\\p{L}*)/i
          set name = $n
        }
        """
        let result = try engine(rules).evaluate(try lead(#"{"id": 9, "name": "Иван", "sourceComment": "имя: "}"#), now: winter)
        #expect(result.patch.isEmpty)
        #expect(result.errors.isEmpty)
    }

    @Test("customValues carries only the changed keys, in numeric order")
    func customValues() throws {
        let rules = """
        rule "Custom" {
          set customValues[12] = "a"
          set customValues[3] = "b"
          set customValues[100] = 100
        }
        """
        #expect(try patch(rules, #"{"id": 1, "customValues": {"3": "b", "100": "100", "5": "keep"}}"#) == #"{"customValues":{"12":"a"}}"#)
        #expect(try patch(rules, #"{"id": 1, "customValues": []}"#) == #"{"customValues":{"3":"b","12":"a","100":100}}"#)
    }

    @Test("Keys come in a stable order and the output is byte-identical across runs")
    func deterministic() throws {
        let rules = """
        rule "Many" {
          set vkId = 15
          set name = "Ann"
          set utcOffset = 2
          set phone = "+79161234567"
          set customValues[2] = "x"
        }
        """
        let input = #"{"id": 1}"#
        let first = try patch(rules, input)
        #expect(first == #"{"name":"Ann","phone":"+79161234567","utcOffset":2,"vkId":"15","customValues":{"2":"x"}}"#)
        for _ in 0..<5 { #expect(try patch(rules, input) == first) }
    }

    @Test("A phone written differently but equal in digits is not a change")
    func phoneEquality() throws {
        let rules = """
        rule "Canonical phone" {
          when e164(phone) is not empty
          set phone = e164(phone)
        }
        """
        #expect(try patch(rules, #"{"id": 1, "phone": "+79161234567"}"#) == "{}")
        #expect(try patch(rules, #"{"id": 1, "phone": "8 (916) 123-45-67"}"#) == #"{"phone":"79161234567"}"#)
        #expect(try patch(rules, #"{"id": 1, "phone": "call me"}"#) == "{}")
    }
}
