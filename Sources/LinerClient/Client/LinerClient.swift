import AsyncHTTPClient
import Foundation
import Logging
import LinerWire
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A client of the Liner API, built on AsyncHTTPClient.
///
/// Every call retries what is worth retrying (see ``LinerRetryPolicy``), respects the configured concurrency
/// and rate limits, and returns or throws a ``LinerCallReport`` listing its attempts, so a journal can record
/// exactly what happened. Create one per run and call ``shutdown()`` when done, or use
/// ``withLinerClient(_:logger:isolation:_:)``, which does both; a client released without it (an error path)
/// closes its connections in the background. One client may serve many concurrent calls.
///
/// ```swift
/// let configuration = try LinerClientConfiguration.resolve()   // LINER_API_HOST, LINER_API_KEY
/// try await withLinerClient(configuration) { client in
///     let report = try await client.update(leadId: 1001, body: #"{"statusId":5}"#)
///     print(report.attempts.count)
/// }
/// ```
public final class LinerClient: Sendable {
    /// The configuration the client was made with.
    public let configuration: LinerClientConfiguration
    let http: HTTPClient
    private let limiter: ConcurrencyLimiter
    /// When Liner last refused the key (401 or 403): requests that would be sent within
    /// ``keyRefusalHold`` of it are not sent (a revoked key stops a run at once, not after every queued update).
    private let keyRefusedAt = Mutex<ContinuousClock.Instant?>(nil)
    /// How long after a refused key no request is sent.
    public static let keyRefusalHold: Duration = .seconds(30)
    private let bucket: TokenBucket?
    let logger: Logger
    /// Finds the API key in whatever a server or an error echoes back (see ``sanitize(_:)``).
    let redactor: SecretRedactor

    /// Why an answer larger than `limit` bytes is not read.
    static func tooLarge(_ limit: Int) -> String { "the answer is larger than \(limit) bytes, the most read: not read" }

    /// A client for `configuration`. Log lines (each retried attempt at debug level, each failed call at
    /// notice) go to `logger`, which by default discards them; they never contain the API key.
    public init(configuration: LinerClientConfiguration, logger: Logger? = nil) {
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "liner-client", factory: { _ in SwiftLogNoOpLogHandler() })
        self.redactor = SecretRedactor(secret: configuration.apiKey.secret)
        self.limiter = ConcurrencyLimiter(limit: configuration.maxConcurrentRequests)
        self.bucket = configuration.rateLimit.map(TokenBucket.init)
        let timeout = configuration.timeout.timeAmount
        var httpConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: min(timeout, .seconds(10)), read: timeout)
        )
        httpConfiguration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(30),
            concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.maxConcurrentRequests
        )
        // A refused or failed connect ends the attempt at once: the retry policy decides about the next one, with
        // its backoff. (Retrying inside the HTTP client kept each attempt connecting until the connect timeout:
        // a wrong or stopped host was reported after ~65 s of silence.)
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)
    }

    /// Closes the connections. Call it once, after the last call.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// A client released without ``shutdown()`` (a path that threw between making it and shutting it down)
    /// closes its connections in the background: AsyncHTTPClient keeps its client alive until that is done,
    /// and its debug builds stop the process when a client is released still running. After ``shutdown()``
    /// this second request only reports "already shut down", which is ignored.
    deinit {
        http.shutdown(queue: .global()) { _ in }
    }

    // MARK: - The retry loop

    /// What a call sends.
    struct CallRequest: Sendable {
        var method: HTTPMethod
        var path: String
        var query: [(String, String)] = []
        var body: [UInt8]?
        /// Read the answer as a list (``LinerListBody``): one bad element does not spoil the page.
        var list = false
        /// Asked just before each attempt goes on the wire (after the rate limit and a connection slot were
        /// waited for): `false` ends the call there, as cancelled.
        var proceed: (@Sendable () -> Bool)?

        var pathWithQuery: String {
            let encoded = LinerClient.encodeQuery(query)
            return encoded.isEmpty ? path : path + "?" + encoded
        }
    }

    /// A successful answer's body.
    enum Answer: Sendable {
        case envelope(LinerEnvelope)
        case list(LinerListBody)

        var success: Bool {
            switch self {
            case let .envelope(envelope): return envelope.success
            case let .list(list): return list.success
            }
        }

        var message: String {
            switch self {
            case let .envelope(envelope): return envelope.message
            case let .list(list): return list.message
            }
        }

        var envelope: LinerEnvelope? {
            if case let .envelope(envelope) = self { return envelope }
            return nil
        }
    }

    /// Sends `call` until it succeeds, fails finally or runs out of attempts. Returns the report and, on
    /// success, the envelope.
    func perform(_ call: CallRequest) async -> (LinerCallReport, LinerEnvelope?) {
        let (report, answer) = await performReading(call)
        return (report, answer?.envelope)
    }

    /// ``perform(_:)`` returning the answer as the call reads it (an envelope, or a list read element by element).
    func performReading(_ call: CallRequest) async -> (LinerCallReport, Answer?) {
        let clock = ContinuousClock()
        let started = clock.now
        let policy = configuration.retry
        var attempts: [LinerAttempt] = []
        var wait = Duration.zero
        var generator = SystemRandomNumberGenerator()
        let request = makeRequest(call)

        func finish(_ outcome: LinerCallOutcome, _ envelope: Answer? = nil) -> (LinerCallReport, Answer?) {
            let report = LinerCallReport(
                method: call.method.rawValue, path: call.pathWithQuery, attempts: attempts,
                outcome: outcome, duration: clock.now - started
            )
            if outcome != .succeeded { logger.notice("\(report)") }
            return (report, envelope)
        }

        for number in 1...policy.maxAttempts {
            if wait > .zero {
                do { try await Task.sleep(for: wait) } catch { return finish(.cancelled) }
            }
            do { try await limiter.acquire() } catch { return finish(.cancelled) }
            if let bucket {
                do {
                    if let proceed = call.proceed {
                        guard try await bucket.acquire(while: proceed) else {
                            await limiter.release()
                            return finish(.cancelled)
                        }
                    } else {
                        try await bucket.acquire()
                    }
                } catch {
                    await limiter.release()
                    return finish(.cancelled)
                }
            }
            if let proceed = call.proceed, !proceed() {
                await limiter.release()
                return finish(.cancelled)
            }
            if let refused = keyRefusedAt.withLock({ $0 }), clock.now - refused < Self.keyRefusalHold {
                await limiter.release()
                return finish(.rejected(status: 401, message: "not sent: Liner refused the API key on an earlier request"))
            }
            let sent = clock.now
            let exchange = await send(request)
            await limiter.release()
            let duration = clock.now - sent

            switch exchange {
            case .cancelled:
                // The request may have reached the server: record the attempt, so `delivery` says `.unknown`.
                attempts.append(LinerAttempt(number: number, waitedBefore: wait, duration: duration,
                                             result: .connectionFailed("cancelled while waiting for the answer")))
                return finish(.cancelled)
            case let .failed(result):
                attempts.append(LinerAttempt(number: number, waitedBefore: wait, duration: duration, result: result))
                wait = policy.backoff(afterFailure: number, using: &generator)
            case let .answered(status, retryAfter, body):
                var envelope: Answer?
                // An answer too large to read says so wherever its message would be (a refusal, the last of the retries).
                let unreadable = body == nil ? Self.tooLarge(configuration.maximumBodySize) : nil
                var notEnvelope = unreadable ?? ""
                if let body {
                    do throws(LinerEnvelopeError) {
                        envelope = call.list ? .list(try LinerListBody.decode(body)) : .envelope(try LinerEnvelope.decode(body))
                    } catch {
                        // The reason names positions and JSON types, never the body's text.
                        notEnvelope = error.message
                    }
                }
                let message = unreadable ?? sanitize(envelope?.message ?? "")
                attempts.append(LinerAttempt(
                    number: number, waitedBefore: wait, duration: duration,
                    result: .response(status: status, success: envelope?.success, message: message),
                    retryAfter: retryAfter
                ))
                switch status {
                case 200..<300:
                    guard let envelope else {
                        return finish(.invalidResponse("HTTP \(status) without a Liner envelope (\(sanitize(notEnvelope)))"))
                    }
                    return envelope.success ? finish(.succeeded, envelope) : finish(.failed(message: message))
                case 429, 500...:
                    if let retryAfter {
                        guard .seconds(retryAfter) <= policy.maxRetryAfter else {
                            return finish(.retryAfterTooLong(seconds: retryAfter))
                        }
                        wait = .seconds(retryAfter)
                    } else {
                        wait = policy.backoff(afterFailure: number, using: &generator)
                    }
                default:
                    if status == 401 || status == 403 { keyRefusedAt.withLock { $0 = clock.now } }
                    return finish(.rejected(status: status, message: message))
                }
            }
            logger.debug("\(call.method.rawValue) \(call.pathWithQuery): \(attempts.last.map(\.description) ?? "")")
        }
        return finish(.exhausted(last: attempts.last?.result ?? .timeout))
    }

    /// How one exchange ended.
    private enum Exchange {
        /// `body` is nil when it was larger than ``LinerClientConfiguration/maximumBodySize``: the server answered,
        /// its answer is not read.
        case answered(status: Int, retryAfter: Int?, body: [UInt8]?)
        case failed(LinerAttempt.Result)
        case cancelled
    }

    /// One exchange, bounded as a whole by ``LinerClientConfiguration/timeout``: the head AND the body. (The
    /// HTTP client's own deadline and read timeout do not bound a body that drips a byte at a time: each byte
    /// resets the read timeout.) The exchange runs in a child task that is cancelled when the time is up.
    private func send(_ request: HTTPClientRequest) async -> Exchange {
        // A little beyond the timeout, so that the HTTP client's own errors at the deadline (a connect timeout
        // says more than "timed out") come first; the bound stays within 1.25 × the timeout.
        let timeout = configuration.timeout + min(configuration.timeout / 4, .seconds(2))
        return await withTaskGroup(of: Exchange?.self) { group in
            group.addTask { await self.exchange(request) }
            group.addTask {
                // Returns nil when the time is up, or at once when the call is cancelled.
                do { try await Task.sleep(for: timeout) } catch { return nil }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return first }
            return Task.isCancelled ? .cancelled : .failed(.timeout)
        }
    }

    private func exchange(_ request: HTTPClientRequest) async -> Exchange {
        do {
            let deadline = NIODeadline.now() + configuration.timeout.timeAmount
            let response = try await http.execute(request, deadline: deadline, logger: logger)
            let retryAfter = response.headers.first(name: "Retry-After").flatMap { Int($0.trimmingWhitespace()) }
                .flatMap { $0 >= 0 ? $0 : nil }
            let buffer: ByteBuffer
            do {
                buffer = try await response.body.collect(upTo: configuration.maximumBodySize)
            } catch is NIOTooManyBytesError {
                // An answer, not a dropped connection: it is not retried as one (a 2xx is an answer that cannot be
                // read; 429 and 5xx are retried as such; other statuses are refusals).
                return .answered(status: Int(response.status.code), retryAfter: retryAfter, body: nil)
            }
            return .answered(status: Int(response.status.code), retryAfter: retryAfter, body: Array(buffer.readableBytesView))
        } catch {
            if Task.isCancelled { return .cancelled }
            if let clientError = error as? HTTPClientError,
                [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(clientError)
            {
                return .failed(.timeout)
            }
            return .failed(.connectionFailed(sanitize(Self.connectionFailure(error, host: configuration.baseURL.description))))
        }
    }

    /// A failure to reach the server, in the system's words: "cannot connect to http://127.0.0.1:1: Connection
    /// refused", where NIO's own text was "connection reset (error set): Connection refused) (errno: 111)". Other
    /// failures are described as they are.
    ///
    /// No library's type names: "the server closed the connection without answering", not
    /// "HTTPClientError.remoteConnectionClosed"; "cannot find the host example.invalid (Name or service not known)",
    /// not "DNS error: SocketAddressError.UnknownHost: ...".
    static func connectionFailure(_ error: any Error, host: String) -> String {
        var underlying = error
        if let connection = error as? NIOConnectionError {
            if let dns = connection.dnsAError ?? connection.dnsAAAAError { underlying = dns }
            else if let first = connection.connectionErrors.first?.error { underlying = first }
        }
        if let tooMany = underlying as? NIOTooManyBytesError { return tooLarge(tooMany.maxBytes ?? LinerClientConfiguration.defaultMaximumBodySize) }
        if let unknown = underlying as? SocketAddressError.UnknownHost {
            return "cannot find the host \(unknown.host) (\(unknown.errorDescription)): check --api-host"
        }
        if let io = underlying as? IOError {
            return "cannot connect to \(host): \(String(cString: strerror(io.errnoCode)))"
        }
        if let client = underlying as? HTTPClientError {
            switch client {
            case .remoteConnectionClosed: return "the server closed the connection without answering"
            case .tlsHandshakeTimeout: return "the TLS handshake with \(host) timed out"
            case .alreadyShutdown: return "the HTTP client was already shut down"
            default: return words(String(describing: client))
            }
        }
        return words(String(describing: underlying))
    }

    /// A description that is a library's `Type.caseName` (`HTTPClientError.bodyLengthMismatch`) said in words
    /// ("body length mismatch"); any other text as it is.
    static func words(_ description: String) -> String {
        let parts = description.split(separator: ".")
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber } }), parts[0].first?.isUppercase == true else {
            return description
        }
        var text = ""
        for character in parts[1] {
            if character.isUppercase, !text.isEmpty { text += " " }
            text += character.lowercased()
        }
        return text
    }

    private func makeRequest(_ call: CallRequest) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: configuration.baseURL.url(path: call.path, encodedQuery: Self.encodeQuery(call.query)))
        request.method = call.method
        request.headers.add(name: "X-Api-Key", value: configuration.apiKey.secret)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        if let body = call.body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    /// `text` (a server's message, an error's description) made safe to keep: the API key redacted in any
    /// encoding a server may echo it in (``SecretRedactor``), control characters made visible and the length
    /// capped (``LogSafeText``). Everything the client reports goes through it.
    func sanitize(_ text: String) -> String {
        // Redact before cutting (so no prefix of the key survives a cut), but not over megabytes.
        let window = LogSafeText.defaultLimit * 8
        var head = text
        if text.utf8.count > window {
            head = String(decoding: text.utf8.prefix(window), as: UTF8.self)
            let redacted = redactor.redact(head)
            return LogSafeText.make(redacted + " … [\(text.utf8.count - window) more bytes cut]")
        }
        head = redactor.redact(head)
        return LogSafeText.make(head)
    }

    /// Percent-encodes query items: everything but RFC 3986 unreserved characters is escaped.
    static func encodeQuery(_ items: [(String, String)]) -> String {
        items.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

/// Runs `body` with a new client and shuts the client down afterwards, whether `body` returns or throws.
public func withLinerClient<T>(
    _ configuration: LinerClientConfiguration,
    logger: Logger? = nil,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (LinerClient) async throws -> T
) async throws -> T {
    let client = LinerClient(configuration: configuration, logger: logger)
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

extension Duration {
    /// The duration as NIO's `TimeAmount` (nanoseconds).
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
