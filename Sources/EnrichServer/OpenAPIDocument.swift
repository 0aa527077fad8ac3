import Foundation

/// The OpenAPI document of the server (`Resources/openapi.json`, the one committed copy), served as is at
/// `/openapi.json`. Found next to the executable (SwiftPM copies it into `LinerEnrich_EnrichServer.resources`)
/// or, when running from a checkout, beside this source file.
public enum OpenAPIDocument {
    static let bundleName = "LinerEnrich_EnrichServer.resources"

    /// The places looked in, in order.
    static var candidates: [URL] {
        var urls: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        urls.append(executable.appendingPathComponent(bundleName).appendingPathComponent("openapi.json"))
        urls.append(Bundle.main.bundleURL.appendingPathComponent(bundleName).appendingPathComponent("openapi.json"))
        urls.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/openapi.json"))
        return urls
    }

    /// The document's bytes, or an error naming where it was looked for.
    public static func load() throws(MissingDocument) -> [UInt8] {
        for url in candidates {
            if let data = FileManager.default.contents(atPath: url.path) { return [UInt8](data) }
        }
        throw MissingDocument(looked: candidates.map(\.path))
    }

    public struct MissingDocument: Error, CustomStringConvertible {
        public var looked: [String]
        public var description: String {
            "cannot find the OpenAPI document openapi.json (looked in \(looked.joined(separator: ", "))): install the directory "
                + "\(OpenAPIDocument.bundleName) of the build next to the enrich binary"
        }
    }
}
