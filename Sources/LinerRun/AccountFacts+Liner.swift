import Foundation
import LinerClient
import RulesLanguage

extension AccountFacts {
    /// The facts of the statuses and custom fields as Liner lists them; `customFields` is `nil`
    /// when they are not known.
    public init(statuses: [LinerLeadStatus], customFields: [LinerCustomField]?, host: String?, pulledAt: String?) {
        self.init(
            host: host, pulledAt: pulledAt,
            statuses: statuses.map { Status(id: $0.id, code: $0.code, title: $0.title, category: $0.category) },
            customFields: customFields?.map { field in
                CustomField(id: field.id, code: field.code ?? "", title: field.title ?? "", type: field.type,
                            options: field.options.map { .init(code: $0.code, title: $0.title) })
            })
    }

    /// Reads the account's statuses (`GET /v2/lead-status/`) and custom fields of leads
    /// (`GET /v2/custom-field/?essence=leads`) through `client`. A 404 of every custom-field path
    /// leaves ``customFields`` `nil` (unknown) and is not an error.
    ///
    /// - Parameter now: the time recorded as ``pulledAt``.
    /// - Throws: ``AccountFetchError`` when either list cannot be read (after the client's retries).
    public static func fetch(from client: LinerClient, now: Date = Date()) async throws(AccountFetchError) -> AccountFacts {
        let statuses: [LinerLeadStatus]
        do {
            statuses = try await client.statuses().value
        } catch {
            throw AccountFetchError(list: "lead statuses", call: error)
        }
        var fields: [LinerCustomField]?
        do {
            fields = try await client.customFields().value
        } catch {
            if case .rejected(404, _) = error.report.outcome {
                fields = nil
            } else {
                throw AccountFetchError(list: "custom fields", call: error)
            }
        }
        return AccountFacts(statuses: statuses, customFields: fields, host: client.configuration.baseURL.description,
                            pulledAt: Timestamp.format(now))
    }
}

/// An account list that could not be read.
public struct AccountFetchError: Error, Sendable, CustomStringConvertible {
    /// `lead statuses` or `custom fields`.
    public var list: String
    /// The failed call.
    public var call: LinerCallError

    /// `the account's lead statuses could not be read: GET /v2/lead-status/: rejected with HTTP 403 after 1 attempt`.
    public var description: String { "the account's \(list) could not be read: \(call.report)" }
}
