import Foundation
import LeadEngine

/// A fixed reference time in winter (2026-01-15T09:00:00Z) and one in summer (2026-07-15T09:00:00Z).
let winter = Date(timeIntervalSince1970: 1_768_467_600)
let summer = Date(timeIntervalSince1970: 1_784_106_000)

/// Loads an engine from rules text, failing the test with the diagnostics when it does not load.
func engine(_ source: String) throws -> Engine {
    try Engine(source: source, path: "test.rules")
}

/// A lead from JSON text.
func lead(_ json: String) throws -> Lead {
    try Lead(json: try JSONParser.parse(json))
}

/// Evaluates `json` with `rules` and returns the patch body.
func patch(_ rules: String, _ json: String, now: Date = winter) throws -> String {
    try engine(rules).evaluate(try lead(json), now: now).patch.jsonBody()
}
