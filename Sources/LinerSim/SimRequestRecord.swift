/// One request as the simulator's log keeps it. Headers (and so the API key) are never recorded.
public struct SimRequestRecord: Sendable, Equatable, CustomStringConvertible {
    /// Arrival order, from 1.
    public var sequence: Int
    public var method: String
    /// The path as requested, with the query string rebuilt from its (decoded) items.
    public var path: String
    /// The lead id of an update or detail request.
    public var leadId: Int?
    /// The HTTP status sent, or `nil` when the connection was closed without a response.
    public var status: Int?
    /// `true` when the request changed state (an update was applied).
    public var applied: Bool
    /// The injected fault, if any.
    public var fault: SimFault?
    /// `true` when the request was held back by the `slow` fault.
    public var slow: Bool
    /// The `Retry-After` seconds sent with a 429.
    public var retryAfter: Int?
    /// The envelope message of a failure (empty on success).
    public var message: String
    /// The body of an update request as received (empty for other requests), to check what was applied.
    public var updateBody: String = ""
    /// When the request arrived, since the simulator started (monotonic clock).
    public var receivedAt: Duration
    /// When the response was sent or the connection dropped, since the simulator started.
    public var finishedAt: Duration

    public var description: String {
        let outcome = status.map(String.init) ?? "no response"
        var text = "#\(sequence) \(method) \(path) -> \(outcome)"
        if applied { text += " applied" }
        if let fault { text += " [fault: \(fault)]" }
        if slow { text += " [slow]" }
        if let retryAfter { text += " Retry-After: \(retryAfter)" }
        if !message.isEmpty { text += " (\(message))" }
        return text
    }
}
