import Foundation
import Testing
import LeadEngine

@Suite("Zones and built-in functions")
struct ZoneAndFunctionTests {
    @Test("A zone resolves at the reference time: Berlin is +1 in winter, +2 in summer")
    func summerTime() throws {
        let rules = """
        table "Zones" {
          fill utcOffset from e164(phone) by longest prefix
          "49" => zone("Europe/Berlin")
          "91" => zone("Asia/Kolkata")
          "1709" => zone("America/St_Johns")
        }
        """
        #expect(try patch(rules, #"{"id": 1, "phone": "+49 30 1234567"}"#, now: winter) == #"{"utcOffset":1}"#)
        #expect(try patch(rules, #"{"id": 1, "phone": "+49 30 1234567"}"#, now: summer) == #"{"utcOffset":2}"#)
        // Fractional zones round down: +5:30 -> 5, -3:30 -> -4 (winter).
        #expect(try patch(rules, #"{"id": 1, "phone": "+91 98765 43210"}"#) == #"{"utcOffset":5}"#)
        #expect(try patch(rules, #"{"id": 1, "phone": "+1 709 555 0100"}"#) == #"{"utcOffset":-4}"#)
    }

    @Test("Tables: longest prefix beats a shorter one; first match takes the first row in order")
    func tablePolicies() throws {
        let longest = """
        table "L" {
          fill utcOffset from e164(phone) by longest prefix
          "7" => 3
          "7383" => 7
          "738" => 5
        }
        """
        #expect(try patch(longest, #"{"id": 1, "phone": "73831234567"}"#) == #"{"utcOffset":7}"#)
        #expect(try patch(longest, #"{"id": 1, "phone": "73841234567"}"#) == #"{"utcOffset":5}"#)
        #expect(try patch(longest, #"{"id": 1, "phone": "74951234567"}"#) == #"{"utcOffset":3}"#)
        #expect(try patch(longest, #"{"id": 1, "phone": "+375291234567"}"#) == "{}")
        let first = """
        table "F" {
          set customValues[5] from sourceComment by first match
          /авито/i => "Avito"
          "http" => "Site"
          /сайт/i => "Site form"
        }
        """
        #expect(try patch(first, #"{"id": 1, "sourceComment": "https://x.ru, с Авито"}"#) == #"{"customValues":{"5":"Avito"}}"#)
        #expect(try patch(first, #"{"id": 1, "sourceComment": "https://x.ru, сайт"}"#) == #"{"customValues":{"5":"Site"}}"#)
        #expect(try patch(first, #"{"id": 1, "sourceComment": "заявка с сайта"}"#) == #"{"customValues":{"5":"Site form"}}"#)
    }

    @Test("json(), int(), digits(), templates and lead[...] read what authors need")
    func functions() throws {
        let rules = """
        rule "Budget" {
          when int(json(sourceComment, "answers.budget")) >= 100000 and lead["utm_source"] == "yandex"
          set priority = 8
          set customValues[12] = digits(json(sourceComment, "answers.budget"))
          fill name = concat("Клиент ", upper(trim(json(sourceComment, "steps[1].answer"))))
        }
        """
        let comment = #"{\"answers\": {\"budget\": \"150 000\"}, \"steps\": [{\"answer\": \"a\"}, {\"answer\": \" анна \"}]}"#
        #expect(try patch(rules, #"{"id": 1, "utm_source": "yandex", "sourceComment": "\#(comment)"}"#)
                == #"{"name":"Клиент АННА","priority":8,"customValues":{"12":"150000"}}"#)
        #expect(try patch(rules, #"{"id": 1, "utm_source": "google", "sourceComment": "\#(comment)"}"#) == "{}")
        #expect(try patch(rules, #"{"id": 1, "utm_source": "yandex", "sourceComment": "not json {"}"#) == "{}")
    }

    @Test("Phone normalisation reads the forms people type")
    func e164() {
        let cases: [(String, String?)] = [
            ("8 (916) 123-45-67", "79161234567"), ("+7 916 123 45 67", "79161234567"), ("79161234567", "79161234567"),
            ("89161234567", "79161234567"), ("9161234567", "79161234567"), ("00 49 30 1234567", "49301234567"),
            ("+375 29 123 45 67", "375291234567"), ("+7 916 123 45", nil), ("доб. 123", nil), ("12345", nil),
            ("+7 (495) 123-45-67 / 8 916", nil),
        ]
        for (input, expected) in cases {
            #expect(PhoneNormalizer.e164(input) == expected, "\(input)")
        }
    }
}
