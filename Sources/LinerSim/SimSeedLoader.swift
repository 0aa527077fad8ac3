import Foundation
import LinerWire

/// Reads the simulator's starting data from files.
public enum SimSeedLoader {
    /// Leads from JSON Lines text: one lead object (the shape of lead detail `data`) per line, each with a
    /// unique integer `id` > 0. Blank lines are skipped; so are lines that are not such an object (or repeat
    /// an id), each reported in ``SimSeed/skipped`` — sample files hold broken records on purpose.
    public static func leads(jsonLines text: String) -> SimSeed {
        var seed = SimSeed()
        var ids = Set<Int>()
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            func skip(_ reason: String) { seed.skipped.append(SimSeedError(message: "line \(lineNumber): \(reason)")) }
            let value: JSONValue
            do {
                value = try JSONParser.parse(String(line))
            } catch {
                skip("invalid JSON: \(error)")
                continue
            }
            guard case .object = value else {
                skip("a lead must be an object")
                continue
            }
            guard let id = value["id"]?.intValue, id > 0 else {
                skip("a lead needs an integer \"id\" > 0")
                continue
            }
            guard ids.insert(id).inserted else {
                skip("lead \(id) appears again")
                continue
            }
            seed.leads.append(value)
        }
        return seed
    }

    /// Leads from a JSON Lines file; see ``leads(jsonLines:)``.
    public static func leads(file path: String) throws(SimSeedError) -> SimSeed {
        leads(jsonLines: try readText(path))
    }

    /// Reference objects (statuses or custom fields) from JSON text: an array of objects, or a saved Liner
    /// response (`{"success": true, "data": [...]}`). Each object needs an integer `id`.
    public static func referenceList(json text: String, what: String) throws(SimSeedError) -> [JSONValue] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            throw SimSeedError(message: "\(what): invalid JSON: \(error)")
        }
        let list = value["data"]?.arrayElements ?? value.arrayElements
        guard let items = list else { throw SimSeedError(message: "\(what): expected an array of objects or a Liner response") }
        var ids = Set<Int>()
        for (index, item) in items.enumerated() {
            guard let id = item["id"]?.intValue else { throw SimSeedError(message: "\(what): item \(index + 1) needs an integer \"id\"") }
            guard ids.insert(id).inserted else { throw SimSeedError(message: "\(what): id \(id) appears twice") }
        }
        return items
    }

    /// Reference objects from a JSON file; see ``referenceList(json:what:)``.
    public static func referenceList(file path: String, what: String) throws(SimSeedError) -> [JSONValue] {
        try referenceList(json: try readText(path), what: "\(what) (\(path))")
    }

    private static func readText(_ path: String) throws(SimSeedError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SimSeedError(message: "cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw SimSeedError(message: "\(path) is not UTF-8") }
        return text
    }
}

/// Leads read from a file, and the lines left out.
public struct SimSeed: Sendable {
    public var leads: [JSONValue] = []
    /// One entry per line left out, with its line number and reason.
    public var skipped: [SimSeedError] = []
    public init(leads: [JSONValue] = [], skipped: [SimSeedError] = []) {
        self.leads = leads
        self.skipped = skipped
    }
}

/// Why the starting data (or part of it) could not be read.
public struct SimSeedError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
