import Foundation
import Testing
import RulesLanguage

/// A temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("rules-layout-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// `relative` under the directory.
    func at(_ relative: String) -> String { (path as NSString).appendingPathComponent(relative) }

    /// Writes `text` at `relative`, creating directories.
    func write(_ relative: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (at(relative) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: at(relative), atomically: false, encoding: .utf8)
    }

    /// A symbolic link at `relative` holding `destination` (relative or absolute, as given).
    func link(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: at(relative), withDestinationPath: destination)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

private let phone = """
status new = 1

rule "Moscow" {
  when e164(phone) ~ /^7495/
  fill utcOffset = 3
}
"""

private let priority = """
rule "Urgent" {
  when sourceComment ~ /срочно/i and status == new
  set priority = 9
}
"""

private let tests = """
test "Moscow" {
  given {"id": 1, "phone": "+7 495 123-45-67"}
  expect patch {"utcOffset": 3}
}
"""

@Suite("Rule directories as deployments mount them")
struct RulesDirectoryLayoutTests {
    /// A Kubernetes ConfigMap volume: the files in a hidden timestamped directory, `..data` linking
    /// to it, and a visible link per file through `..data`.
    func configMap() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let stamp = "..2026_11_29_10_00_00.123456789"
        try directory.write("\(stamp)/10-phone.rules", phone)
        try directory.write("\(stamp)/20-priority.rules", priority)
        try directory.write("\(stamp)/tests/10-phone.rules", tests)
        try directory.link("..data", to: stamp)
        try directory.link("10-phone.rules", to: "..data/10-phone.rules")
        try directory.link("20-priority.rules", to: "..data/20-priority.rules")
        try directory.link("tests", to: "..data/tests")
        return directory
    }

    @Test("A ConfigMap volume loads each file once, under its visible name (no 'declared twice')")
    func configMapLoadsOnce() throws {
        let directory = try configMap()
        defer { directory.remove() }
        var errors: [String] = []
        let files = RulesetLoader.rulesFiles(in: directory.path, errors: &errors)
        #expect(errors.isEmpty)
        #expect(files == [directory.at("10-phone.rules"), directory.at("20-priority.rules")])
        let result = RulesetLoader.load(directory: directory.path)
        #expect(result.succeeded, "\(result.diagnostics.map(\.message.text)) \(result.ioErrors)")
        #expect(result.diagnostics.isEmpty)
        #expect(result.ruleset?.writers.count == 2)
        // With the tests directory (a link too): the tests, once.
        let withTests = RulesetLoader.load(directory: directory.path, includeTests: true)
        #expect(withTests.succeeded, "\(withTests.diagnostics.map(\.message.text)) \(withTests.ioErrors)")
        #expect(withTests.ruleset?.tests.count == 1)
        #expect(withTests.files.map(\.file.path).contains(directory.at("tests/10-phone.rules")))
    }

    @Test("Diagnostics name the visible path, not the hidden target")
    func diagnosticsNameVisiblePath() throws {
        let directory = try configMap()
        defer { directory.remove() }
        try directory.write("..2026_11_29_10_00_00.123456789/30-typo.rules", "rule \"Typo\" {\n  when phnoe is empty\n  set priority = 1\n}\n")
        try directory.link("30-typo.rules", to: "..data/30-typo.rules")
        let result = RulesetLoader.load(directory: directory.path)
        let diagnostic = try #require(result.diagnostics.first { $0.message.text.contains("phnoe") })
        #expect(diagnostic.location.path == directory.at("30-typo.rules"))
        #expect(result.diagnostics.allSatisfy { !$0.location.path.contains("..") })
    }

    @Test("Hidden files and directories are skipped (editor backups, .git)")
    func hiddenEntries() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("10-phone.rules", phone)
        try directory.write(".#10-phone.rules", phone)
        try directory.write(".git/old.rules", phone)
        var errors: [String] = []
        #expect(RulesetLoader.rulesFiles(in: directory.path, errors: &errors) == [directory.at("10-phone.rules")])
        #expect(errors.isEmpty)
    }

    @Test("A linked directory is followed, the root may be a link, and a real file reached twice loads once")
    func linkedDirectories() throws {
        let shared = try TemporaryDirectory()
        let directory = try TemporaryDirectory()
        defer { shared.remove(); directory.remove() }
        try shared.write("priority.rules", priority)
        try directory.write("pack/10-phone.rules", phone)
        try directory.link("pack/shared", to: shared.path)
        try directory.link("pack/shared2", to: shared.path)
        try directory.link("pack/11-phone-copy.rules", to: "10-phone.rules")
        try directory.link("root", to: "pack")
        for root in [directory.at("pack"), directory.at("root")] {
            var errors: [String] = []
            let files = RulesetLoader.rulesFiles(in: root, errors: &errors)
            #expect(errors.isEmpty)
            #expect(files == [(root as NSString).appendingPathComponent("10-phone.rules"),
                              (root as NSString).appendingPathComponent("shared/priority.rules")])
            let result = RulesetLoader.load(directory: root)
            #expect(result.succeeded, "\(result.diagnostics.map(\.message.text)) \(result.ioErrors)")
        }
    }

    @Test("A link back to an ancestor is reported as a loop, not walked forever; the rest loads")
    func loop() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("10-phone.rules", phone)
        try directory.write("sub/20-priority.rules", priority)
        try directory.link("sub/back", to: "..")
        try directory.link("sub/self", to: ".")
        var errors: [String] = []
        let files = RulesetLoader.rulesFiles(in: directory.path, errors: &errors)
        #expect(files == [directory.at("10-phone.rules"), directory.at("sub/20-priority.rules")])
        #expect(errors == [
            "\(directory.at("sub/back")): error: a symbolic link loop: this directory is \(directory.path) again",
            "\(directory.at("sub/self")): error: a symbolic link loop: this directory is \(directory.at("sub")) again",
        ])
        #expect(!RulesetLoader.load(directory: directory.path).succeeded)
    }

    @Test("A link to nothing is an error naming the link and its target")
    func danglingLink() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("10-phone.rules", phone)
        try directory.link("20-gone.rules", to: "..data/20-gone.rules")
        let result = RulesetLoader.load(directory: directory.path)
        #expect(result.ioErrors == ["\(directory.at("20-gone.rules")): error: a symbolic link to ..data/20-gone.rules, which does not exist"])
        #expect(!result.succeeded)
    }
}
