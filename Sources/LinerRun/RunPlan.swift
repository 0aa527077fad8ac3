import Foundation
import LeadEngine
import LinerClient

/// A reviewable plan: the patches a dry run against the live account would send, made by
/// `enrich run --plan FILE` and sent by `enrich apply FILE` (see ``PlanApplication``).
///
/// The file is JSON, one lead per line, and carries an HMAC-SHA256 signature keyed with the Liner API key
/// (the key itself is never written): a plan edited by hand, or made for another account, is refused as a
/// whole, as is a plan made with other rules, by another engine version, or older than `--max-age`.
public struct RunPlan: Sendable {
    /// The format this version writes and reads.
    public static let format = "enrich-plan/1"

    /// The engine that made it (``EngineVersion/current``).
    public var engineVersion: String
    /// ``RulesDigest/of(_:)`` of the rules that made it.
    public var rulesDigest: String
    /// When it was made (wall clock, whole seconds).
    public var createdAt: Date
    /// The run's source name (`liner:https://host`, `file:/path`).
    public var source: String
    /// The creation window read (Liner source).
    public var window: CreationWindow?
    /// The run's options (no secret).
    public var options: JSONValue
    /// The leads whose patch is not empty, in source order.
    public var leads: [PlannedLead]

    public init(
        engineVersion: String = EngineVersion.current, rulesDigest: String, createdAt: Date, source: String,
        window: CreationWindow?, options: JSONValue, leads: [PlannedLead]
    ) {
        self.engineVersion = engineVersion
        self.rulesDigest = rulesDigest
        // Whole seconds: the file holds them so.
        self.createdAt = Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down))
        self.source = source
        self.window = window
        self.options = options
        self.leads = leads
    }

    /// The plan of a dry run made with ``RunConfiguration/collectsPlan``.
    public init(
        changes: [PlannedChange], rulesDigest: String, createdAt: Date = Date(), source: String,
        window: CreationWindow?, options: JSONValue
    ) throws(PlanRefusal) {
        var leads: [PlannedLead] = []
        for change in changes { leads.append(try PlannedLead(change)) }
        self.init(rulesDigest: rulesDigest, createdAt: createdAt, source: source, window: window, options: options, leads: leads)
    }

    /// Fields written, per field and per rule, for the summary.
    public var summary: (fields: [String: Int], rules: [String: Int]) {
        var fields: [String: Int] = [:]
        var rules: [String: Int] = [:]
        for lead in leads {
            for writer in lead.writers {
                fields[writer.field, default: 0] += 1
                rules[writer.rule, default: 0] += 1
            }
        }
        return (fields, rules)
    }

    /// Refuses the plan when it cannot be applied now: made with other rules or another engine, older than
    /// `maximumAge` or dated in the future (beyond five minutes of clock skew).
    public func check(rulesDigest current: String, engineVersion: String = EngineVersion.current, now: Date = Date(),
                      maximumAge: TimeInterval) throws(PlanRefusal) {
        if self.engineVersion != engineVersion { throw .otherEngine(plan: self.engineVersion, current: engineVersion) }
        if rulesDigest != current { throw .otherRules(plan: rulesDigest, current: current) }
        let age = now.timeIntervalSince(createdAt)
        if age < -Self.allowedSkew { throw .future(createdAt: createdAt) }
        if age > maximumAge { throw .stale(createdAt: createdAt, age: age, maximum: maximumAge) }
    }

    /// How far in the future a plan may be dated (clocks of two hosts).
    static let allowedSkew: TimeInterval = 300
}
