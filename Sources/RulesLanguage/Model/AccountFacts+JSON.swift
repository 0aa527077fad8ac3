import Foundation
import JSON

/// `account.json`: the file `enrich account pull` writes and `enrich check --account` reads.
///
/// ```json
/// {
///   "format": "enrich-account/1",
///   "host": "https://yourcompany.linerapp.io",
///   "pulledAt": "2026-11-25T09:00:00+00:00",
///   "statuses": [
///     {"id":1,"code":"new","title":"Новый","category":"in-progress"}
///   ],
///   "customFields": [
///     {"id":12,"code":"interest","title":"Интерес","type":"select","options":[{"code":"hot","title":"Горячий"}]}
///   ]
/// }
/// ```
///
/// Keys are written in this order, one status or field per line, so that two pulls of one account
/// differ only where the account changed. `customFields` is `null` when the account's custom fields
/// could not be found. `host` and `pulledAt` may be absent or `null`.
extension AccountFacts {
    /// The value of `"format"`: what the file is, and the version of its layout.
    public static let formatName = "enrich-account/1"

    /// The file's text: stable key order, one status or custom field per line, a final newline.
    public var jsonText: String {
        func list(_ elements: [JSONValue]) -> String {
            guard !elements.isEmpty else { return "[]" }
            return "[\n" + elements.map { "    " + JSONWriter.write($0) }.joined(separator: ",\n") + "\n  ]"
        }
        var lines: [String] = []
        lines.append("\"format\": " + JSONWriter.write(.string(Self.formatName)))
        lines.append("\"host\": " + JSONWriter.write(host.map(JSONValue.string) ?? .null))
        lines.append("\"pulledAt\": " + JSONWriter.write(pulledAt.map(JSONValue.string) ?? .null))
        lines.append("\"statuses\": " + list(statuses.map(\.json)))
        lines.append("\"customFields\": " + (customFields.map { list($0.map(\.json)) } ?? "null"))
        return "{\n" + lines.map { "  " + $0 }.joined(separator: ",\n") + "\n}\n"
    }

    /// Reads the text of an `account.json`.
    /// - Throws: ``AccountFactsError`` with every problem found, each naming where it is
    ///   (`statuses[2]: "id" must be a positive integer`).
    public static func parse(_ text: String) throws(AccountFactsError) -> AccountFacts {
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            throw AccountFactsError(problems: ["not valid JSON: \(error)"])
        }
        guard case .object = json else {
            throw AccountFactsError(problems: ["expected an object with \"statuses\" and \"customFields\" (as enrich account pull writes it), found \(json.typeName)"])
        }
        if let repeated = json.firstRepeatedMember() {
            let place = repeated.path.isEmpty ? "" : repeated.path + ": "
            throw AccountFactsError(problems: ["\(place)member \"\(repeated.name)\" is given twice: which value is meant is unclear"])
        }
        var reader = Reader()
        let facts = reader.facts(json)
        guard reader.problems.isEmpty, let facts else { throw AccountFactsError(problems: reader.problems) }
        return facts
    }

    /// Reads the `account.json` at `path`.
    /// - Throws: ``AccountFactsError`` naming the file: it cannot be read, or what is wrong in it.
    public static func load(path: String) throws(AccountFactsError) -> AccountFacts {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AccountFactsError(path: path, problems: ["cannot read the account file"])
        }
        do {
            return try parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw AccountFactsError(path: path, problems: error.problems)
        }
    }

    /// Checks the members of the file, collecting every problem.
    private struct Reader {
        var problems: [String] = []

        mutating func facts(_ json: JSONValue) -> AccountFacts? {
            if let format = json["format"], format != .string(AccountFacts.formatName) {
                problems.append("\"format\" is \(format.jsonText), expected \"\(AccountFacts.formatName)\" (a file written by enrich account pull)")
            }
            let host = optionalString(json, "host", at: "")
            let pulledAt = optionalString(json, "pulledAt", at: "")
            guard let statusElements = json["statuses"]?.arrayElements else {
                problems.append("\"statuses\" must be an array of statuses, but it is " + (json["statuses"]?.typeName ?? "missing"))
                return nil
            }
            var statuses: [Status] = []
            for (index, element) in statusElements.enumerated() {
                if let status = status(element, at: "statuses[\(index)]") { statuses.append(status) }
            }
            var fields: [CustomField]?
            switch json["customFields"] {
            case nil, .null?:
                fields = nil
            case let .array(elements)?:
                fields = elements.enumerated().compactMap { customField($1, at: "customFields[\($0)]") }
            case let other?:
                problems.append("\"customFields\" must be an array of custom fields or null, but it is \(other.typeName)")
            }
            duplicates(statuses.map { ($0.code, "status code") }, at: "statuses")
            duplicates(statuses.map { (String($0.id), "status id") }, at: "statuses")
            duplicates((fields ?? []).map { (String($0.id), "custom field id") }, at: "customFields")
            return AccountFacts(host: host, pulledAt: pulledAt, statuses: statuses, customFields: fields)
        }

        mutating func status(_ json: JSONValue, at place: String) -> Status? {
            guard case .object = json else {
                problems.append("\(place) must be an object, but it is \(json.typeName)")
                return nil
            }
            let id = positiveInteger(json, "id", at: place)
            let code = requiredString(json, "code", at: place)
            let title = optionalString(json, "title", at: place) ?? ""
            let category = optionalString(json, "category", at: place) ?? ""
            guard let id, let code else { return nil }
            return Status(id: id, code: code, title: title, category: category)
        }

        mutating func customField(_ json: JSONValue, at place: String) -> CustomField? {
            guard case .object = json else {
                problems.append("\(place) must be an object, but it is \(json.typeName)")
                return nil
            }
            let id = positiveInteger(json, "id", at: place)
            let type = requiredString(json, "type", at: place)
            let code = optionalString(json, "code", at: place) ?? ""
            let title = optionalString(json, "title", at: place) ?? ""
            var options: [CustomField.Option] = []
            switch json["options"] {
            case nil, .null?:
                break
            case let .array(elements)?:
                for (index, element) in elements.enumerated() {
                    let optionPlace = "\(place).options[\(index)]"
                    guard case .object = element else {
                        problems.append("\(optionPlace) must be an object, but it is \(element.typeName)")
                        continue
                    }
                    if let optionCode = requiredString(element, "code", at: optionPlace) {
                        options.append(.init(code: optionCode, title: optionalString(element, "title", at: optionPlace) ?? ""))
                    }
                }
            case let other?:
                problems.append("\(place).options must be an array, but it is \(other.typeName)")
            }
            guard let id, let type else { return nil }
            return CustomField(id: id, code: code, title: title, type: type, options: options)
        }

        mutating func positiveInteger(_ json: JSONValue, _ key: String, at place: String) -> Int? {
            guard let value = json[key]?.intValue, value > 0 else {
                problems.append("\(place): \"\(key)\" must be a positive integer, but it is " + (json[key].map(\.jsonText) ?? "missing"))
                return nil
            }
            return value
        }

        mutating func requiredString(_ json: JSONValue, _ key: String, at place: String) -> String? {
            guard let value = json[key]?.stringValue, !value.isEmpty else {
                problems.append("\(place): \"\(key)\" must be a non-empty string, but it is " + (json[key].map(\.jsonText) ?? "missing"))
                return nil
            }
            return value
        }

        mutating func optionalString(_ json: JSONValue, _ key: String, at place: String) -> String? {
            switch json[key] {
            case nil, .null?: return nil
            case let .string(value)?: return value
            case let other?:
                problems.append((place.isEmpty ? "" : "\(place): ") + "\"\(key)\" must be a string, but it is \(other.typeName)")
                return nil
            }
        }

        mutating func duplicates(_ keys: [(String, String)], at place: String) {
            var seen: Set<String> = []
            for (key, what) in keys where !seen.insert(key).inserted {
                problems.append("\(place): \(what) \(key) is listed twice")
            }
        }
    }
}

extension AccountFacts.Status {
    /// `{"id":…,"code":…,"title":…,"category":…}`.
    var json: JSONValue {
        .object([("id", .int(id)), ("code", .string(code)), ("title", .string(title)), ("category", .string(category))])
    }
}

extension AccountFacts.CustomField {
    /// `{"id":…,"code":…,"title":…,"type":…,"options":[{"code":…,"title":…}]}`.
    var json: JSONValue {
        .object([
            ("id", .int(id)), ("code", .string(code)), ("title", .string(title)), ("type", .string(type)),
            ("options", .array(options.map { .object([("code", .string($0.code)), ("title", .string($0.title))]) })),
        ])
    }
}

/// An `account.json` that cannot be used: every problem, and the file when it came from one.
public struct AccountFactsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's path, when the facts were read from a file.
    public var path: String?
    /// What is wrong, one problem each (`statuses[2]: "id" must be a positive integer, but it is "9"`).
    public var problems: [String]

    public init(path: String? = nil, problems: [String]) {
        self.path = path
        self.problems = problems
    }

    /// One line per problem: `PATH: error: PROBLEM`.
    public var description: String {
        problems.map { (path.map { "\($0): " } ?? "") + "error: " + $0 }.joined(separator: "\n")
    }
}
