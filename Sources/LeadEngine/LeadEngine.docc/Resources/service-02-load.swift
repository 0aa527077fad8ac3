import Foundation
import Hummingbird
import LeadEngine

@main
struct EnrichService {
    static func main() async throws {
        let rulesDirectory = ProcessInfo.processInfo.environment["RULES"] ?? "rules"
        let engine = try Engine(directory: rulesDirectory)
    }
}
