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
