import Foundation
import LeadEngine
import LinerClient
import LinerWire

/// Reads an account's leads for read-only work (`enrich diff --source liner`): page by page, with the same
/// guards as runs (malformed elements reported and skipped, repeated or endless lists stopped).
public enum LiveLeads {
    /// Calls `body` with each lead of the window and the filters, in the server's order.
    ///
    /// - Parameters:
    ///   - statusIds: keep only leads in these statuses (filtered here, as runs do); empty: all.
    ///   - requiredFields: fields every lead must show (see ``LinerLeadPages``): the rules' ``Engine/leadFieldsUsed``.
    ///   - problem: told about each element that is not a lead, or whose fields the engine refuses.
    /// - Throws: ``LinerCallError`` when a page cannot be read; ``LinerPagingError`` when the list does not page.
    public static func forEach(
        client: LinerClient, query: LinerLeadQuery, window: CreationWindow, statusIds: Set<Int> = [],
        maximumLeads: Int = LinerLeadPages.defaultMaximumLeads, requiredFields: [String] = [],
        problem: (String) -> Void, _ body: (Lead) -> Void
    ) async throws {
        var windowed = query
        windowed.createdFrom = window.from.map(Timestamp.format)
        windowed.createdTo = Timestamp.format(window.to)
        windowed.statusIds = []
        for try await page in client.leadPages(windowed, pageSize: LinerClient.maximumPageSize, maximumLeads: maximumLeads,
                                                     requiredFields: requiredFields) {
            for malformed in page.malformed { problem("\(malformed): skipped") }
            for linerLead in page.leads {
                if !statusIds.isEmpty, !(linerLead.json["statusId"]?.intValue.map(statusIds.contains) ?? false) { continue }
                do {
                    body(try Lead(json: linerLead.json))
                } catch {
                    problem("lead \(linerLead.id): \(error)")
                }
            }
        }
    }
}
