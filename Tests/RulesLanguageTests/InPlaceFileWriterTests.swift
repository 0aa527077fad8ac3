import Foundation
import Testing
import RulesLanguage

@Suite("Rewriting a file in place: through links, atomically, keeping its mode")
struct InPlaceFileWriterTests {
    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// The names in `directory`, hidden ones too (a temporary file left behind would show).
    func names(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test("A plain file gets the new text and keeps its mode; no temporary file is left")
    func plainFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("a.rules", "old")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: directory.at("a.rules"))
        try InPlaceFileWriter.write(Data("new".utf8), to: directory.at("a.rules"))
        #expect(try text(directory.at("a.rules")) == "new")
        #expect(try mode(directory.at("a.rules")) == 0o640)
        #expect(try names(directory.path) == ["a.rules"])
    }

    @Test("Through a chain of links: the target is rewritten, every link stays a link, modes kept")
    func throughLinks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("..data/a.rules", "old")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.at("..data/a.rules"))
        try directory.link("middle.rules", to: "..data/a.rules")
        try directory.link("a.rules", to: "middle.rules")
        let written = try InPlaceFileWriter.write(Data("new".utf8), to: directory.at("a.rules"))
        #expect(written.hasSuffix("/..data/a.rules"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.at("a.rules")) == "middle.rules")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.at("middle.rules")) == "..data/a.rules")
        #expect(try text(directory.at("..data/a.rules")) == "new")
        #expect(try text(directory.at("a.rules")) == "new")
        #expect(try mode(directory.at("..data/a.rules")) == 0o755)
        #expect(try names(directory.at("..data")) == ["a.rules"])
    }

    @Test("A missing file or a link to nothing is a failure naming the path; nothing is created")
    func failures() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.link("gone.rules", to: "nowhere.rules")
        for path in [directory.at("missing.rules"), directory.at("gone.rules")] {
            do throws(InPlaceFileWriter.Failure) {
                try InPlaceFileWriter.write(Data("new".utf8), to: path)
                Issue.record("\(path) was written")
            } catch {
                #expect(error.path == path)
                #expect(error.reason.hasPrefix("cannot resolve the path"))
            }
        }
        #expect(try names(directory.path) == ["gone.rules"])
    }
}

/// Output files (`run --plan`, `account pull --out`, `import --out`, the import lock): a new file, or a regular file
/// replaced through its links; never a device, a pipe, a directory, a dangling link or the command's own input
/// (`Data.write(options: .atomic)` renamed a file over `/dev/full`, a FIFO or a link).
@Suite("Writing an output file: regular files only, through links, never over the input")
struct OutputFileWriterTests {
    func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func kind(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
    }

    @Test("A new file is created; an existing one replaced; a link written through and kept")
    func regularFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try InPlaceFileWriter.writeOutput(Data("one".utf8), to: directory.at("new.json"))
        #expect(try text(directory.at("new.json")) == "one")
        try InPlaceFileWriter.writeOutput(Data("two".utf8), to: directory.at("new.json"))
        #expect(try text(directory.at("new.json")) == "two")
        try FileManager.default.createSymbolicLink(atPath: directory.at("link.json"), withDestinationPath: directory.at("new.json"))
        try InPlaceFileWriter.writeOutput(Data("three".utf8), to: directory.at("link.json"))
        #expect(kind(directory.at("link.json")) == S_IFLNK)
        #expect(try text(directory.at("new.json")) == "three")
    }

    @Test("A FIFO, a directory, a device, a dangling link, the input: refused, left as they were")
    func refused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(mkfifo(directory.at("fifo"), 0o644) == 0)
        try FileManager.default.createDirectory(atPath: directory.at("dir"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: directory.at("dangling"), withDestinationPath: directory.at("absent"))
        try directory.write("input.jsonl", "{\"id\": 1}\n")
        try FileManager.default.createSymbolicLink(atPath: directory.at("input-link"), withDestinationPath: directory.at("input.jsonl"))
        let cases: [(String, [String], String)] = [
            (directory.at("fifo"), [], "it is not a regular file"), (directory.at("dir"), [], "it is not a regular file"),
            ("/dev/null", [], "it is not a regular file"), (directory.at("dangling"), [], "symbolic link to a file that does not exist"),
            (directory.at("input.jsonl"), [directory.at("input.jsonl")], "which this command reads"),
            (directory.at("input-link"), [directory.at("input.jsonl")], "which this command reads"),
        ]
        for (path, protected, reason) in cases {
            let error = #expect(throws: InPlaceFileWriter.Failure.self) {
                try InPlaceFileWriter.writeOutput(Data("plan".utf8), to: path, notOver: protected)
            }
            #expect(error?.reason.contains(reason) == true, "\(path): \(String(describing: error))")
        }
        #expect(kind(directory.at("fifo")) == S_IFIFO)
        #expect(kind(directory.at("dangling")) == S_IFLNK)
        #expect(!FileManager.default.fileExists(atPath: directory.at("absent")))
        #expect(try text(directory.at("input.jsonl")) == "{\"id\": 1}\n")
        #expect(kind("/dev/null") == S_IFCHR)
    }
}
