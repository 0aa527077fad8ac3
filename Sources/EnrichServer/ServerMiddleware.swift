import Foundation
import Hummingbird
import LeadEngine

/// Around every route: the bearer token (when one is configured), errors answered as JSON, and the request
/// counted and timed for `/metrics` by its route pattern (never by its raw path).
struct ServerMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?
    let metrics: ServerMetrics
    /// The methods each path is served with (the routes'): another method on a known path is a `405`.
    let allowed: [String: [HTTPRequest.Method]]
    /// Paths served without the token to `GET` and `HEAD`: the probes, the OpenAPI document, the empty page.
    static var openPaths: Set<String> { ["/healthz", "/readyz", "/openapi.json", "/"] }

    static func isOpen(_ request: Request) -> Bool {
        (request.method == .get || request.method == .head) && openPaths.contains(request.uri.path)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            if let token, !Self.isOpen(request), !Authorization.accepts(request, token: token) {
                // A form of the page may carry the token in its body instead; the page's handler checks it.
                if !(request.method == .post && request.uri.path == "/") {
                    response = Authorization.refusal()
                    record(request, context, response, started)
                    return response
                }
            }
            response = try await next(request, context)
        } catch let error as HTTPError {
            if error.status == .notFound, let methods = allowed[request.uri.path] {
                response = Self.methodNotAllowed(request, methods)
            } else {
                response = JSONResponse.make(status: Int(error.status.code), .object([("error", .string(error.body ?? error.status.reasonPhrase))]))
            }
        }
        record(request, context, response, started)
        return response
    }

    /// `405` for a path served with other methods, naming them (and in `Allow`).
    static func methodNotAllowed(_ request: Request, _ methods: [HTTPRequest.Method]) -> Response {
        let names = methods.map(\.rawValue)
        let choice = names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
        var response = JSONResponse.make(status: 405, .object([
            ("error", .string("\(request.uri.path) is not served to \(request.method.rawValue): use \(choice)")),
        ]))
        response.headers[.allow] = names.joined(separator: ", ")
        return response
    }

    private func record(_ request: Request, _ context: Context, _ response: Response, _ started: ContinuousClock.Instant) {
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(route: route == "NotFound" ? "unmatched" : route, status: Int(response.status.code),
                              duration: ContinuousClock.now - started)
    }
}

/// The bearer token check: `Authorization: Bearer TOKEN`, compared in constant time. The token is never logged.
enum Authorization {
    static func accepts(_ request: Request, token: String) -> Bool {
        guard let header = request.headers[.authorization] else { return false }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else { return false }
        return matches(String(header.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces), token)
    }

    /// Whether `given` is `token`, taking the same time wherever they first differ.
    static func matches(_ given: String, _ token: String) -> Bool {
        let a = Array(given.utf8), b = Array(token.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    static func refusal() -> Response {
        var response = JSONResponse.make(status: 401, .object([("error", .string("a bearer token is required: Authorization: Bearer TOKEN (the one in --token-file)"))]))
        response.headers[.wwwAuthenticate] = "Bearer"
        return response
    }
}

/// JSON answers, written by the JSON module.
enum JSONResponse {
    static func make(status: Int, _ value: JSONValue) -> Response {
        bytes(status: status, Array(JSONWriter.write(value).utf8), contentType: "application/json")
    }

    /// JSON already written as text.
    static func text(status: Int, _ text: String) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func bytes(status: Int, _ bytes: [UInt8], contentType: String) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: contentType],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
