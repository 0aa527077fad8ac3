import Foundation
import Hummingbird
import NIOCore

/// Reads a request body up to a size and a deadline.
enum BodyReading {
    enum Failure: Error {
        case tooLarge
        case timedOut
    }

    /// The body's bytes; ``Failure/tooLarge`` past `limit` bytes (a `Content-Length` above it is refused before
    /// reading), ``Failure/timedOut`` when it has not all come by `deadline`.
    static func collect(_ request: Request, limit: Int, deadline: ContinuousClock.Instant) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw Failure.tooLarge }
        let body = request.body
        return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask {
                do {
                    let buffer = try await body.collect(upTo: limit)
                    return Array(buffer.readableBytesView)
                } catch let error as HTTPError where error.status == .contentTooLarge {
                    throw Failure.tooLarge
                } catch is NIOTooManyBytesError {
                    // A body without Content-Length (chunked) found over the limit while collecting.
                    throw Failure.tooLarge
                }
            }
            group.addTask {
                try await Task.sleep(until: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let bytes = first else { throw Failure.timedOut }
            return bytes
        }
    }
}
