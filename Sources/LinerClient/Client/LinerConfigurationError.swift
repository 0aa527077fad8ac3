/// A client configuration that cannot be used (bad URL, plain HTTP to a remote host, missing key, ...).
///
/// The message never contains the API key.
public struct LinerConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
