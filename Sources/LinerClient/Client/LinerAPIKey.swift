import Hashing

/// The Liner integration token, sent as `X-Api-Key`.
///
/// It never shows in descriptions, debug descriptions, `dump` or mirrors: all of them print `<redacted>`.
/// Only the client reads it, to set the header.
public struct LinerAPIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let secret: String

    /// Wraps `key`, after trimming surrounding whitespace (a key file usually ends with a newline).
    ///
    /// Fails when the key is empty or holds characters a header cannot carry (controls, non-ASCII, spaces inside).
    public init(_ key: String) throws(LinerConfigurationError) {
        let trimmed = key.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw LinerConfigurationError("the API key is empty") }
        guard trimmed.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw LinerConfigurationError("the API key holds characters that cannot go in a header (spaces, controls or non-ASCII)")
        }
        self.secret = trimmed
    }

    /// The HMAC-SHA256 of `message` keyed with the key: lets a file made with this key (an `enrich run --plan`
    /// plan) be checked for tampering, without the key ever leaving this type. The key cannot be recovered
    /// from a code.
    public func authenticationCode(for message: some Sequence<UInt8>) -> [UInt8] {
        HMACSHA256.code(key: Array(secret.utf8), message: message)
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "LinerAPIKey(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
