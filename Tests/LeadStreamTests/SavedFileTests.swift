import Foundation
import Testing
import LeadEngine
import LeadStream

/// Writes `bytes` to a temporary file and returns its path.
func temporaryFile(bytes: [UInt8], suffix: String) throws -> String {
    let path = NSTemporaryDirectory() + "leadstream-\(UUID().uuidString)\(suffix)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

/// Every record of `bytes` saved as a file named `*suffix`, read through ``makeReader`` in batches
/// of two, with chunks of `chunkSize` bytes.
func records(_ bytes: [UInt8], suffix: String, chunkSize: Int = 1 << 20, delimiter: CSVDelimiter? = nil) throws -> [InputRecord] {
    let path = try temporaryFile(bytes: bytes, suffix: suffix)
    var reader = makeReader(for: path, try ByteSource(path: path, chunkSize: chunkSize), csvDelimiter: delimiter)
    return readAll(&reader)
}

/// The UTF-8 bytes of `text` after a UTF-8 byte order mark, as Excel's "CSV UTF-8" saves them.
func withBOM(_ text: String) -> [UInt8] { [0xEF, 0xBB, 0xBF] + Array(text.utf8) }

/// The error message of a record, or `nil` when it was read.
func failure(_ record: InputRecord) -> String? {
    if case let .failure(error) = record.fields { return error.message }
    return nil
}

@Suite("Files as people save them: byte order marks, encodings, CRLF")
struct EncodingTests {
    @Test("A UTF-8 BOM is dropped from CSV, JSON Lines and JSON arrays, by extension or sniffed, whatever the chunk size",
          arguments: [1, 2, 3, 4, 1 << 20])
    func byteOrderMark(chunkSize: Int) throws {
        for suffix in [".csv", ""] {
            let csv = try records(withBOM("id,name\n1,Анна\n2,Иван\n"), suffix: suffix, chunkSize: chunkSize)
            #expect(csv.map(\.line) == [2, 3])
            #expect(try csv[0].fields.get()["id"] == .int(1), "\(suffix) \(chunkSize)")
            #expect(try csv[1].fields.get()["name"] == .string("Иван"))
        }
        for suffix in [".jsonl", ""] {
            let lines = try records(withBOM("{\"id\": 1}\n{\"id\": 2}\n"), suffix: suffix, chunkSize: chunkSize)
            #expect(try lines.map { try $0.fields.get()["id"] } == [.int(1), .int(2)], "\(suffix) \(chunkSize)")
        }
        for suffix in [".json", ""] {
            let array = try records(withBOM("[{\"id\": 1},\n {\"id\": 2}]"), suffix: suffix, chunkSize: chunkSize)
            #expect(try array.map { try $0.fields.get()["id"] } == [.int(1), .int(2)], "\(suffix) \(chunkSize)")
        }
    }

    @Test("A file of only a BOM holds no leads")
    func onlyByteOrderMark() throws {
        #expect(try records([0xEF, 0xBB, 0xBF], suffix: ".csv").isEmpty)
        #expect(try records([0xEF, 0xBB, 0xBF], suffix: ".jsonl").isEmpty)
    }

    @Test("JSON Lines joined with cat: a BOM at the start of a later line is dropped too")
    func concatenatedJSONLines() throws {
        let lines = try records(withBOM("{\"id\": 1}\n") + withBOM("{\"id\": 2}\n"), suffix: ".jsonl")
        #expect(try lines.map { try $0.fields.get()["id"] } == [.int(1), .int(2)])
    }

    @Test("UTF-16 and UTF-32 input is refused with one error naming the encoding, not read as garbage",
          arguments: [".csv", ".jsonl", ".json", ""])
    func utf16(suffix: String) throws {
        let text = "id,name\n1,Анна\n"
        let encodings: [([UInt8], String)] = [
            ([0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian)!), "UTF-16 (little-endian, with a byte order mark)"),
            ([0xFE, 0xFF] + Array(text.data(using: .utf16BigEndian)!), "UTF-16 (big-endian, with a byte order mark)"),
            (Array(text.data(using: .utf16LittleEndian)!), "UTF-16 (little-endian)"),
            ([0xFF, 0xFE, 0x00, 0x00] + Array(text.data(using: .utf32LittleEndian)!), "UTF-32 (little-endian, with a byte order mark)"),
        ]
        for (bytes, name) in encodings {
            let read = try records(bytes, suffix: suffix, chunkSize: 3)
            #expect(read.count == 1, "\(name) \(suffix): \(read.map(failure))")
            #expect(read.first?.line == 1)
            #expect(read.first.flatMap(failure)?.hasPrefix("the input is \(name), not UTF-8") == true, "\(read.first.flatMap(failure) ?? "read")")
        }
    }

    @Test("CRLF line ends: no carriage return in the last column, quoted or not")
    func crlf() throws {
        let csv = try records(Array("id;name;comment\r\n1;\"Анна\";x\r\n2;Иван;\"a\r\nb\"\r\n3;x;y".utf8), suffix: ".csv", chunkSize: 4)
        #expect(csv.map(\.line) == [2, 3, 5])
        #expect(try csv[0].fields.get()["comment"] == .string("x"))
        #expect(try csv[0].fields.get()["name"] == .string("Анна"))
        #expect(try csv[1].fields.get()["comment"] == .string("a\r\nb"))
        #expect(try csv[2].fields.get()["comment"] == .string("y"))
        let lines = try records(Array("{\"id\": 1}\r\n{\"id\": 2}\r\n".utf8), suffix: ".jsonl")
        #expect(try lines.map { try $0.fields.get()["id"] } == [.int(1), .int(2)])
    }

    @Test("A CSV row that is not UTF-8 (a Windows-1251 'CSV') is an error for that row; the others are read")
    func windows1251() throws {
        // "Анна" in Windows-1251.
        let bytes = Array("id;name\n1;".utf8) + [0xC0, 0xED, 0xED, 0xE0] + Array("\n2;Иван\n".utf8)
        let csv = try records(bytes, suffix: ".csv")
        #expect(csv.count == 2)
        #expect(failure(csv[0])?.contains("not valid UTF-8") == true)
        #expect(try csv[1].fields.get()["name"] == .string("Иван"))
    }
}

@Suite("CSV delimiters: comma, semicolon, tab, pipe")
struct DelimiterTests {
    @Test("The delimiter is found in the header row; a comma inside a semicolon file's cell is text",
          arguments: [(",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe")])
    func detected(delimiter: String, name: String) throws {
        let text = ["id", "name", "sourceComment", "customValues.12"].joined(separator: delimiter) + "\n"
            + ["1", "Анна", "\"срочно, сегодня\"", "100"].joined(separator: delimiter) + "\n"
            + ["2", "Иван", "просто; смотрю", ""].joined(separator: delimiter) + "\n"
        let csv = try records(withBOM(text), suffix: ".csv", chunkSize: 5)
        if delimiter == ";" {
            // "просто; смотрю" splits the second row into 5 cells: an error for that row alone.
            #expect(failure(csv[1]) == "the row has 5 cells but the header has 4 columns (separated by ';')")
        } else {
            #expect(try csv[1].fields.get()["sourceComment"] == .string("просто; смотрю"), "\(name)")
        }
        let first = try csv[0].fields.get()
        #expect(first["id"] == .int(1), "\(name)")
        #expect(first["name"] == .string("Анна"))
        #expect(first["sourceComment"] == .string("срочно, сегодня"))
        #expect(first["customValues"] == .object([("12", .string("100"))]))
    }

    @Test("The delimiter that yields an id column wins over one that splits the header into more columns")
    func idColumnWins() throws {
        // Split at ',' this header has 3 columns and no "id"; at ';' it has 2, one of them "id".
        let csv = try records(Array("id;name, with, commas\n1;x\n".utf8), suffix: ".csv")
        #expect(try csv[0].fields.get()["name, with, commas"] == .string("x"))
    }

    @Test("Header cells lose surrounding spaces, quotes and a stray BOM")
    func headerCells() throws {
        let csv = try records(Array(" \"id\" ; \"name\" ;\u{FEFF}phone \n 7 ; \"Анна\" ;+79161234567\n".utf8), suffix: ".csv")
        let fields = try csv[0].fields.get()
        #expect(fields["id"] == .int(7))
        #expect(fields["name"] == .string("Анна"))
        #expect(fields["phone"] == .string("+79161234567"))
    }

    @Test("Excel's sep= first line names the delimiter; lines are still counted from the file's first")
    func separatorLine() throws {
        let csv = try records(Array("sep=;\nid;name\n1;a,b\n".utf8), suffix: ".csv")
        #expect(csv.map(\.line) == [3])
        #expect(try csv[0].fields.get()["name"] == .string("a,b"))
    }

    @Test("A delimiter given overrides detection")
    func given() throws {
        let csv = try records(Array("id;name,full\n1;a,b\n".utf8), suffix: ".csv", delimiter: .semicolon)
        #expect(try csv[0].fields.get()["name,full"] == .string("a,b"))
        let tab = try records(Array("id\tname;x\n1\ta;b\n".utf8), suffix: ".csv", delimiter: .tab)
        #expect(try tab[0].fields.get()["name;x"] == .string("a;b"))
        #expect(CSVDelimiter(argument: "semicolon") == .semicolon)
        #expect(CSVDelimiter(argument: "\\t") == .tab)
        #expect(CSVDelimiter(argument: ";") == .semicolon)
        #expect(CSVDelimiter(argument: "colon") == nil)
    }

    @Test("A header without an id column is one error naming the delimiter and the columns seen")
    func noIdColumn() throws {
        let detected = try records(Array("name;phone\nx;y\nz;w\n".utf8), suffix: ".csv")
        #expect(detected.count == 1)
        #expect(detected[0].line == 1)
        #expect(failure(detected[0]) == #"the header has no "id" column; split at ';', the delimiter found in it, into 2 columns: "name", "phone""#)
        let none = try records(Array("name phone\nx\n".utf8), suffix: ".csv")
        #expect(failure(none[0]) == #"the header has no "id" column; no delimiter (',', ';', tab, '|') was found in it, so it reads as 1 column: "name phone""#)
        let given = try records(Array("id;name\n1;x\n".utf8), suffix: ".csv", delimiter: .comma)
        #expect(failure(given[0]) == #"the header has no "id" column; split at the delimiter given, ',', into 1 column: "id;name""#)
        let upper = try records(Array("ID,name\n1,x\n".utf8), suffix: ".csv")
        #expect(failure(upper[0])?.contains(#"("ID" differs in case; field names are case-sensitive)"#) == true)
    }

    @Test("A column named twice is an error: which cell holds the lead's value would be a guess")
    func duplicateColumn() throws {
        let csv = try records(Array("id,phone,name,phone\n1,a,b,c\n".utf8), suffix: ".csv")
        #expect(failure(csv[0]) == #"the header names column "phone" twice (columns 2 and 4): which one holds the lead's value is ambiguous"#)
    }

    @Test("Rows with the wrong number of cells are errors naming their line; the rest is read; empty rows are skipped")
    func rowShapes() throws {
        let csv = try records(Array("id;name;phone;\n1;a;b;\n2;a\n;;;\n\n3;a;b;c;d\n4;a;b;\n5;a;b;x\n".utf8), suffix: ".csv", chunkSize: 3)
        #expect(csv.map(\.line) == [2, 3, 6, 7, 8])
        #expect(try csv[0].fields.get()["id"] == .int(1))
        #expect(failure(csv[1]) == "the row has 2 cells but the header has 4 columns (separated by ';')")
        #expect(failure(csv[2]) == "the row has 5 cells but the header has 4 columns (separated by ';')")
        #expect(try csv[3].fields.get()["id"] == .int(4))
        #expect(failure(csv[4]) == #"column 4 has no name in the header but holds "x""#)
    }

    @Test("An integer column beyond 64 bits is an error naming the value")
    func hugeInteger() throws {
        let csv = try records(Array("id,priority\n99999999999999999999,1\n2,1e30\n".utf8), suffix: ".csv")
        #expect(failure(csv[0]) == #"column "id" holds "99999999999999999999", expected an integer within ±9223372036854775807"#)
        #expect(failure(csv[1]) == #"column "priority" holds "1e30", expected an integer"#)
    }

    @Test("Through the batch evaluator, a BOM'd semicolon export reads every lead (none lacks its id)")
    func endToEnd() throws {
        let engine = try Engine(source: """
        rule "Urgent" {
          when sourceComment ~ /срочно/i
          set priority = 9
        }
        """)
        let path = try temporaryFile(bytes: withBOM("id;sourceComment\r\n1;срочно\r\n2;потом\r\n"), suffix: ".csv")
        var reader = makeReader(for: path, try ByteSource(path: path))
        let outcomes = BatchEvaluator(engine: engine, now: Date(), explain: false, inputName: "export.csv", workers: 1)
            .evaluate(readAll(&reader))
        #expect(outcomes.flatMap(\.errors).isEmpty)
        #expect(outcomes.compactMap(\.outputLine) == [#"{"leadId":1,"patch":{"priority":9}}"#])
    }
}
