/// The endpoints the simulator serves.
enum SimRoute: Sendable, Equatable {
    case update(leadId: Int)
    case detail(leadId: Int)
    case list
    case statuses
    case customFields
    /// A known endpoint asked with the wrong method.
    case wrongMethod(allowed: String)
    /// A lead endpoint whose id is not an integer > 0.
    case badLeadId(String)
    case notFound

    /// The lead id the route is about, if any.
    var leadId: Int? {
        switch self {
        case let .update(id), let .detail(id): return id
        default: return nil
        }
    }

    /// Routes `method` and `path`; a trailing slash is optional.
    static func match(method: String, path: String) -> SimRoute {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        func expect(_ wanted: String, _ route: SimRoute) -> SimRoute {
            method == wanted ? route : .wrongMethod(allowed: wanted)
        }
        switch parts.count {
        case 4 where parts[0] == "v2" && parts[1] == "lead" && (parts[2] == "update" || parts[2] == "detail"):
            let isUpdate = parts[2] == "update"
            guard let id = Int(parts[3]), id > 0 else {
                return expect(isUpdate ? "POST" : "GET", .badLeadId(parts[3]))
            }
            return isUpdate ? expect("POST", .update(leadId: id)) : expect("GET", .detail(leadId: id))
        case 2 where parts[0] == "v2":
            switch parts[1] {
            case "lead", "leads": return expect("GET", .list)
            case "lead-status", "lead-statuses": return expect("GET", .statuses)
            case "custom-field", "custom-fields": return expect("GET", .customFields)
            default: return .notFound
            }
        default:
            return .notFound
        }
    }
}
