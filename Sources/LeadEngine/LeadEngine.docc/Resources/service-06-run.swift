import Foundation
import Hummingbird
import LeadEngine

// An evaluation is Encodable: Hummingbird encodes it as the response body (JSON).
extension Evaluation: @retroactive ResponseEncodable {}

@main
struct EnrichService {
    static func main() async throws {
        let rulesDirectory = ProcessInfo.processInfo.environment["RULES"] ?? "rules"
        let engine: Engine
        do {
            engine = try Engine(directory: rulesDirectory)
        } catch {
            // Every diagnostic as `path:line:column: error: message`, the source line and a caret.
            FileHandle.standardError.write(Data("the rules in \(rulesDirectory) do not load:\n\(error)".utf8))
            exit(1)
        }
        if !engine.warnings.isEmpty {
            FileHandle.standardError.write(Data(DiagnosticRenderer().render(engine.warnings).utf8))
        }

        let router = Router()
        router.post("enrich") { request, context -> Evaluation in
            // The body read by the engine's own parser: a lead that gives a member twice (two `id`s) is refused
            // like any lead that fails its checks (JSONDecoder would keep one of the two without saying so).
            let body = try await request.body.collect(upTo: 1 << 20)
            let lead: Lead
            do {
                lead = try Lead(json: JSONParser.parse(bytes: body.readableBytesView))
            } catch {
                throw HTTPError(.badRequest, message: "\(error)")
            }
            return engine.evaluate(lead)
        }

        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 8080)))
        try await app.runService()
    }
}
