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
            // A lead that fails its checks throws a DecodingError: 400 Bad Request, saying why.
            let lead = try await request.decode(as: Lead.self, context: context)
            return engine.evaluate(lead)
        }
    }
}
