import Foundation
import Testing
import LeadEngine
import LeadStream

/// Writes `text` to a temporary file and returns its path.
func temporaryFile(_ text: String, suffix: String) throws -> String {
    let path = NSTemporaryDirectory() + "leadstream-\(UUID().uuidString)\(suffix)"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Every record of a reader, reading in small batches to cross batch boundaries.
func readAll(_ reader: inout some RecordReader) -> [InputRecord] {
    var all: [InputRecord] = []
    while true {
        let batch = reader.next(limit: 2)
        if batch.isEmpty { return all }
        all += batch
    }
}

@Suite("Readers: JSON Lines, JSON arrays, CSV")
struct ReaderTests {
    @Test("JSON Lines: line numbers count every line; blank lines are skipped; bad lines are errors")
    func jsonLines() throws {
        let path = try temporaryFile("""
        {"id": 1, "name": "Анна"}

        {"id": 2, "phone": }
        [1, 2]
        {"id": 3}
        """, suffix: ".jsonl")
        var reader = JSONLinesReader(source: try ByteSource(path: path, chunkSize: 7))
        let records = readAll(&reader)
        #expect(records.map(\.line) == [1, 3, 4, 5])
        #expect(try records[0].fields.get()["name"] == .string("Анна"))
        #expect((try? records[1].fields.get()) == nil)
        #expect((try? records[2].fields.get()) == nil)
        #expect(try records[3].fields.get()["id"] == .int(3))
    }

    @Test("A JSON array is read element by element with the line each starts on")
    func jsonArray() throws {
        let path = try temporaryFile("""
        [
          {"id": 1, "sourceComment": "a, b ] {c}"},
          {"id": 2,
           "name": "x"},
          {"id": 3, "bad": }
        ]
        """, suffix: ".json")
        var reader = JSONArrayReader(source: try ByteSource(path: path, chunkSize: 5))
        let records = readAll(&reader)
        #expect(records.map(\.line) == [2, 3, 5])
        #expect(try records[0].fields.get()["sourceComment"] == .string("a, b ] {c}"))
        #expect(try records[1].fields.get()["name"] == .string("x"))
        #expect((try? records[2].fields.get()) == nil)
    }

    @Test("CSV: quoted cells with commas, quotes and line breaks; integer fields; customValues columns")
    func csv() throws {
        let path = try temporaryFile(#"""
        id,name,phone,priority,customValues.12,sourceComment
        1,Анна,+79161234567,3,,"срочно, сегодня"
        2,"Иван ""Ваня""",84951234567,,100,"две
        строки"
        3,x,y,high,,z
        4,too,few
        """#, suffix: ".csv")
        var reader = CSVReader(source: try ByteSource(path: path, chunkSize: 9))
        let records = readAll(&reader)
        #expect(records.map(\.line) == [2, 3, 5, 6])
        let first = try records[0].fields.get()
        #expect(first["id"] == .int(1))
        #expect(first["priority"] == .int(3))
        #expect(first["sourceComment"] == .string("срочно, сегодня"))
        #expect(first["customValues"] == nil)
        let second = try records[1].fields.get()
        #expect(second["name"] == .string("Иван \"Ваня\""))
        #expect(second["sourceComment"] == .string("две\nстроки"))
        #expect(second["customValues"] == .object([("12", .string("100"))]))
        #expect(second["priority"] == nil)
        #expect((try? records[2].fields.get()) == nil)
        #expect((try? records[3].fields.get()) == nil)
    }

    @Test("The format is taken from the extension, else sniffed from the first character")
    func formatDetection() {
        #expect(InputFormat.fromExtension("a.JSONL") == .jsonl)
        #expect(InputFormat.fromExtension("a.csv") == .csv)
        #expect(InputFormat.fromExtension("a.json") == nil)
        #expect(InputFormat.sniff(firstByte: UInt8(ascii: "[")) == .json)
        #expect(InputFormat.sniff(firstByte: UInt8(ascii: "{")) == .jsonl)
        #expect(InputFormat.sniff(firstByte: UInt8(ascii: "i")) == .csv)
    }
}

@Suite("Batches: parallel, ordered, errors named")
struct BatchTests {
    @Test("Outcomes come back in input order with errors naming line and lead id")
    func orderedOutcomes() throws {
        let engine = try Engine(source: """
        rule "Urgent" {
          when sourceComment ~ /срочно/i
          set priority = 9
        }
        """)
        var lines: [String] = []
        for i in 1...1_000 {
            switch i % 100 {
            case 7: lines.append(#"{"id": \#(i), "priority": "high"}"#)
            case 8: lines.append(#"{"id": \#(i), "name": }"#)
            case 9: lines.append(#"{"name": "no id"}"#)
            default: lines.append(#"{"id": \#(i), "sourceComment": "\#(i % 2 == 0 ? "СРОЧНО" : "потом")"}"#)
            }
        }
        let path = try temporaryFile(lines.joined(separator: "\n"), suffix: ".jsonl")
        var reader = JSONLinesReader(source: try ByteSource(path: path))
        let batch = BatchEvaluator(engine: engine, now: Date(), explain: true, inputName: "leads.jsonl", workers: 4)
        var summary = RunTally()
        var outcomes: [LeadOutcome] = []
        while true {
            let records = reader.next(limit: 256)
            if records.isEmpty { break }
            for outcome in batch.evaluate(records) {
                summary.add(outcome)
                outcomes.append(outcome)
            }
        }
        #expect(outcomes.map(\.line) == Array(1...1_000))
        #expect(summary.read == 1_000)
        #expect(summary.invalid == 30)
        #expect(outcomes[6].errors == [#"leads.jsonl:7: error: lead 7: field "priority" is a string, expected an integer"#])
        #expect(outcomes[7].errors.first?.hasPrefix("leads.jsonl:8: error: malformed JSON") == true)
        #expect(outcomes[8].errors == [#"leads.jsonl:9: error: the lead has no "id""#])
        let patched = outcomes.filter { $0.evaluation?.patch.isEmpty == false }
        #expect(patched.count == summary.patched)
        #expect(patched.allSatisfy { ($0.leadId ?? 1) % 2 == 0 })
        #expect(summary.rules == ["Urgent": summary.patched])
        let line = OutputEncoder.line(for: try #require(patched.first?.evaluation), explain: true)
        #expect(line.hasPrefix(#"{"leadId":2,"patch":{"priority":9},"changes":[{"field":"priority","old":null,"new":9,"rule":"Urgent","at":"<memory>.rules:3:3","matched":[{"at":"<memory>.rules:2:25","text":"СРОЧНО","captures":{}}]}]}"#))
    }
}

/// Malformed files whose rest used to be dropped without a word: a CSV quote never closed, text after a JSON array.
@Suite("Readers: nothing dropped without an error")
struct ReaderLossTests {
    static func failure(_ record: InputRecord) -> String? {
        if case let .failure(error) = record.fields { return error.message }
        return nil
    }

    @Test("CSV: a quote never closed is an error naming its line and the lines it took", arguments: [1, 4, 64])
    func csvUnclosedQuote(chunkSize: Int) throws {
        let path = try temporaryFile("id,phone,name\n1,84951234567,ok\n2,84951234567,\"unterminated\n3,84951234567,x\n4,84951234567,y\n",
                                     suffix: ".csv")
        var reader = CSVReader(source: try ByteSource(path: path, chunkSize: chunkSize))
        let records = readAll(&reader)
        #expect(records.map(\.line) == [2, 3])
        #expect(try records[0].fields.get()["id"] == .int(1))
        let message = try #require(Self.failure(records[1]))
        #expect(message.hasPrefix("a quote opened on line 3 is never closed: lines 3–5 (to the end of the input) were read as one cell"),
                "\(message)")
    }

    @Test("CSV: a stray quote closed lines later by another: the row's error says where the quoted cell ran")
    func csvStrayQuotePaired() throws {
        let path = try temporaryFile("id,phone,name\n1,84951234567,\"a\n2,84951234567,b\n3,84951234567,c\"d\n4,84951234567,e\n", suffix: ".csv")
        var reader = CSVReader(source: try ByteSource(path: path, chunkSize: 5))
        let records = readAll(&reader)
        #expect(records.map(\.line) == [2, 5])
        let message = try #require(Self.failure(records[0]))
        #expect(message == "its quoted cell from line 2 runs to line 4 and holds line 3, which reads as a row of its own (id 2): a quote "
            + "is missing its pair; the row is not evaluated and lines 2–4 are not read as leads", "\(message)")
        #expect(try records[1].fields.get()["id"] == .int(4))
    }

    @Test("CSV: a quoted cell over several lines that fits its row is no error")
    func csvMultilineCellFine() throws {
        let path = try temporaryFile("id,name\n1,\"a\nb, c\n7\n\"\n2,c\n", suffix: ".csv")
        var reader = CSVReader(source: try ByteSource(path: path, chunkSize: 3))
        let records = readAll(&reader)
        #expect(records.map(\.line) == [2, 6])
        #expect(try records[0].fields.get()["name"] == .string("a\nb, c\n7\n"))
    }

    @Test("CSV: a stray quote that pairs with one before a delimiter: the lines it took are named")
    func csvStrayQuoteBeforeDelimiter() throws {
        let path = try temporaryFile("id;phone;name\n1;84951234567;\"a\n2;84951234567;b\n3;84951234567;\"\n4;84951234567;e\n", suffix: ".csv")
        var reader = CSVReader(source: try ByteSource(path: path, chunkSize: 4))
        let records = readAll(&reader)
        #expect(records.map(\.line) == [2, 5])
        #expect(Self.failure(records[0])?.contains("holds line 3, which reads as a row of its own (id 2)") == true)
    }

    @Test("CSV: a header whose quote is never closed")
    func csvHeaderUnclosed() throws {
        let path = try temporaryFile("id,\"phone\n1,2\n", suffix: ".csv")
        var reader = CSVReader(source: try ByteSource(path: path))
        let records = readAll(&reader)
        #expect(records.count == 1)
        #expect(Self.failure(records[0])?.hasPrefix("the header row's quote on line 1 is never closed") == true)
    }

    @Test("JSON array: text after the closing bracket is an error naming its line, not read", arguments: [2, 7, 4096])
    func jsonTrailingText(chunkSize: Int) throws {
        for (text, line) in [("[{\"id\": 1}]\n{\"id\": 2}\n{\"id\": 3}\n", 2), ("[{\"id\": 1}]xyz", 1), ("[\n{\"id\": 1}\n]\n\n  ,\n", 5)] {
            let path = try temporaryFile(text, suffix: ".json")
            var reader = JSONArrayReader(source: try ByteSource(path: path, chunkSize: chunkSize))
            let records = readAll(&reader)
            #expect(records.count == 2, "\(text)")
            #expect(try records[0].fields.get()["id"] == .int(1))
            #expect(records[1].line == line, "\(text)")
            #expect(Self.failure(records[1])?.hasPrefix("unexpected text after the JSON array that ended on line") == true, "\(text)")
        }
    }

    @Test("JSON array: a second array (two exports joined) is an error, and its leads are read too")
    func jsonSecondArray() throws {
        let path = try temporaryFile("[{\"id\": 1}, {\"id\": 2}]\n[{\"id\": 3}]\n[]\n", suffix: ".json")
        var reader = JSONArrayReader(source: try ByteSource(path: path, chunkSize: 3))
        let records = readAll(&reader)
        #expect(records.map(\.line) == [1, 1, 2, 2, 3])
        #expect(try records.compactMap { try? $0.fields.get()["id"] } == [.int(1), .int(2), .int(3)])
        #expect(Self.failure(records[2]) == "a second JSON array starts here, after the one that ended on line 1: its leads are read "
            + "too, but a JSON file holds one array (join them, or use JSON Lines)")
        #expect(Self.failure(records[4])?.hasPrefix("a second JSON array starts here, after the one that ended on line 2") == true)
    }

    @Test("JSON array: white space after the bracket, or an empty array, is no error")
    func jsonCleanEnd() throws {
        for text in ["[{\"id\": 1}]\n\n  \n", "[]", " [ ] \n"] {
            let path = try temporaryFile(text, suffix: ".json")
            var reader = JSONArrayReader(source: try ByteSource(path: path, chunkSize: 2))
            let records = readAll(&reader)
            #expect(records.allSatisfy { Self.failure($0) == nil }, "\(text)")
        }
    }
}
