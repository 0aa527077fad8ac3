import Foundation
import Hashing
import LeadEngine
import LinerClient

extension RunPlan {
    /// The file's text, signed with `key`: top-level members one per line, one lead per line.
    ///
    /// The signature is `hmac-sha256:` and the hex HMAC-SHA256, keyed with the API key, of the format name, a
    /// line feed and the compact JSON of every other member in file order. Reading the file back and writing it
    /// compact gives the same bytes, so layout (spaces, line breaks) may change, content may not.
    public func fileText(signedWith key: LinerAPIKey) -> String {
        let members = contentMembers
        let signature = Self.signature(of: members, key: key)
        var out = "{\n"
        for (name, value) in members + [("signature", .string(signature))] {
            out += "  "
            JSONWriter.writeString(name, into: &out)
            out += ": "
            if name == "leads", case let .array(leads) = value, !leads.isEmpty {
                out += "[\n" + leads.map { "    " + JSONWriter.write($0) }.joined(separator: ",\n") + "\n  ]"
            } else {
                out += JSONWriter.write(value)
            }
            out += name == "signature" ? "\n" : ",\n"
        }
        return out + "}\n"
    }

    /// Reads a plan file and checks its signature with `key`; nothing else is checked (see ``check(rulesDigest:engineVersion:now:maximumAge:)``).
    public static func read(text: String, key: LinerAPIKey) throws(PlanRefusal) -> RunPlan {
        let json: JSONValue
        do { json = try JSONParser.parse(text) } catch { throw .malformed("not JSON: \(error)") }
        guard case let .object(all) = json else { throw .malformed("not a JSON object") }
        guard let format = json["format"]?.stringValue else { throw .malformed("no \"format\"") }
        guard format == Self.format else { throw .otherFormat(format) }
        guard let signatureValue = json["signature"] else { throw .unsigned }
        guard let signature = signatureValue.stringValue else { throw .tampered }
        let members = all.filter { $0.0 != "signature" }
        guard all.count - members.count == 1,
              HMACSHA256.equal(Array(signature.utf8), Array(Self.signature(of: members, key: key).utf8)) else { throw .tampered }
        return try RunPlan(members: members)
    }

    /// `hmac-sha256:<hex>` of the members.
    static func signature(of members: [(String, JSONValue)], key: LinerAPIKey) -> String {
        let message = Array((Self.format + "\n" + JSONWriter.write(.object(members))).utf8)
        return "hmac-sha256:" + hexString(key.authenticationCode(for: message))
    }

    /// Every member but the signature, in file order.
    private var contentMembers: [(String, JSONValue)] {
        let (fields, rules) = summary
        func counts(_ table: [String: Int]) -> JSONValue {
            .object(table.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, .int($0.value)) })
        }
        let windowJSON: JSONValue = window.map { window in
            .object([("from", window.from.map { .string(Timestamp.format($0)) } ?? .null), ("to", .string(Timestamp.format(window.to))),
                     ("origin", .string(window.origin.rawValue))])
        } ?? .null
        return [
            ("format", .string(Self.format)), ("engineVersion", .string(engineVersion)), ("rulesDigest", .string(rulesDigest)),
            ("createdAt", .string(Timestamp.format(createdAt))), ("source", .string(source)), ("window", windowJSON),
            ("options", options), ("leads", .array(leads.map(\.json))),
            ("summary", .object([("leads", .int(leads.count)), ("clears", .int(leads.reduce(0) { $0 + $1.clears.count })),
                                 ("fields", counts(fields)), ("rules", counts(rules))])),
        ]
    }

    /// Decodes the members of a signed file.
    private init(members: [(String, JSONValue)]) throws(PlanRefusal) {
        let json = JSONValue.object(members)
        guard let engineVersion = json["engineVersion"]?.stringValue else { throw .malformed("no \"engineVersion\"") }
        guard let rulesDigest = json["rulesDigest"]?.stringValue else { throw .malformed("no \"rulesDigest\"") }
        guard let createdText = json["createdAt"]?.stringValue, let createdAt = Timestamp.parse(createdText) else {
            throw .malformed("\"createdAt\" must be an ISO 8601 time")
        }
        guard let source = json["source"]?.stringValue else { throw .malformed("no \"source\"") }
        var window: CreationWindow?
        if let value = json["window"], !value.isNull {
            guard let to = value["to"]?.stringValue.flatMap(Timestamp.parse),
                  let origin = value["origin"]?.stringValue.flatMap(CreationWindow.Origin.init(rawValue:)) else {
                throw .malformed("\"window\" must hold \"to\" and \"origin\"")
            }
            window = CreationWindow(from: value["from"]?.stringValue.flatMap(Timestamp.parse), to: to, origin: origin)
        }
        guard let leadList = json["leads"]?.arrayElements else { throw .malformed("\"leads\" must be an array") }
        var leads: [PlannedLead] = []
        var seen: Set<Int> = []
        for (position, item) in leadList.enumerated() {
            let lead = try PlannedLead(json: item, position: position)
            guard seen.insert(lead.leadId).inserted else { throw .malformed("lead \(lead.leadId) is planned twice") }
            leads.append(lead)
        }
        self.init(engineVersion: engineVersion, rulesDigest: rulesDigest, createdAt: createdAt, source: source, window: window,
                  options: json["options"] ?? .object([]), leads: leads)
    }
}
