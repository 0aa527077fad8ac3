import Foundation

/// The page's form: a pasted lead or a lead id, an optional reference time, and the token when one is required.
struct PageForm: Sendable {
    var lead = ""
    var id = ""
    var now = ""
    var token = ""

    init() {}

    /// From the query of `GET /` (which never evaluates: only pre-fills the form).
    init(query: [String: String]) {
        id = query["id"] ?? ""
        now = query["now"] ?? ""
    }

    /// From an `application/x-www-form-urlencoded` body.
    init(urlEncoded body: [UInt8]) {
        let text = String(decoding: body, as: UTF8.self)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            switch key {
            case "lead": lead = value
            case "id": id = value
            case "now": now = value
            case "token": token = value
            default: break
            }
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
