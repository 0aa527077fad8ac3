import Foundation
import LeadEngine

extension TestReport {
    /// For people: each failing test with its location, the diff and the rules that wrote each
    /// field; passing tests in one line each; then the summary line.
    public func text(verbose: Bool = false) -> String {
        var out = ""
        for result in results {
            switch result.outcome {
            case .passed:
                if verbose { out += "PASS \(result.test.name.text)\n" }
            case .skipped:
                if verbose { out += "SKIP \(result.test.name.text)\n" }
            case let .failed(failures):
                out += "FAIL \(result.test.name.text) (\(result.test.name.range.location))\n"
                for failure in failures {
                    let at = failure.location.map { "\($0): " } ?? ""
                    out += "  \(at)" + failure.text.replacingOccurrences(of: "\n", with: "\n  ").trimmingCharacters(in: .whitespaces) + "\n"
                }
                if let evaluation = result.evaluation, !evaluation.changes.isEmpty {
                    out += "  actual patch \(evaluation.patch.jsonBody()), written by:\n"
                    for change in evaluation.changes {
                        out += "    \(change.field) = \(JSONWriter.write(change.new)): \"\(change.rule)\" at \(change.location)\n"
                    }
                }
            }
        }
        return out + summaryLine + "\n"
    }

    /// JUnit XML, for CI systems.
    public func junit(suiteName: String = "rules") -> String {
        // XML 1.0 cannot hold most control characters, not even as references: they are written as visible escapes
        // (`\x1B`), as a terminal would be shown them, so that the document stays well formed whatever a test quotes.
        func escape(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
                default:
                    let forbidden = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                    if forbidden { out += LogSafeText.make(String(scalar)) } else { out.unicodeScalars.append(scalar) }
                }
            }
            return out
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuite name=\"\(escape(suiteName))\" tests=\"\(results.count)\" failures=\"\(failed)\" skipped=\"\(skipped)\">\n"
        for result in results {
            let location = result.test.name.range.location
            out += "  <testcase name=\"\(escape(result.test.name.text))\" classname=\"\(escape(location.path))\" file=\"\(escape(location.path))\" line=\"\(location.line)\""
            switch result.outcome {
            case .passed: out += "/>\n"
            case .skipped: out += ">\n    <skipped/>\n  </testcase>\n"
            case let .failed(failures):
                let text = failures.map { ($0.location.map { "\($0): " } ?? "") + $0.text }.joined(separator: "\n")
                out += ">\n    <failure message=\"\(escape(failures.first?.text.components(separatedBy: "\n").first ?? ""))\">\(escape(text))</failure>\n  </testcase>\n"
            }
        }
        return out + "</testsuite>\n"
    }

    /// JSON, for tools: one object per test and the totals.
    public func json() -> String {
        let tests: [JSONValue] = results.map { result in
            let location = result.test.name.range.location
            var status = "passed"
            var failures: [JSONValue] = []
            switch result.outcome {
            case .passed: break
            case .skipped: status = "skipped"
            case let .failed(list):
                status = "failed"
                failures = list.map { .object([("at", $0.location.map { .string($0.description) } ?? .null), ("message", .string($0.text))]) }
            }
            var members: [(String, JSONValue)] = [("name", .string(result.test.name.text)), ("at", .string(location.description)),
                                                  ("status", .string(status)), ("failures", .array(failures))]
            // The lead's per-lead errors, for a failed test: the rule and where it is declared.
            if status == "failed", !result.errors.isEmpty { members.append(("errors", .array(result.errors.map(Self.json)))) }
            return .object(members)
        }
        return JSONWriter.write(.object([
            ("tests", .array(tests)), ("passed", .int(passed)), ("failed", .int(failed)), ("skipped", .int(skipped)),
            ("coverage", .object([("rules", .double(coverage.writerPercent)), ("rows", .double(coverage.rowPercent))])),
        ])) + "\n"
    }

    /// One per-lead error as JSON: the message, and the rule, its location and the field when known.
    static func json(_ error: LeadError) -> JSONValue {
        var members: [(String, JSONValue)] = [("message", .string(error.message))]
        if let rule = error.rule { members.append(("rule", .string(rule))) }
        if let location = error.location { members.append(("at", .string(location.description))) }
        if let field = error.field { members.append(("field", .string(field))) }
        return .object(members)
    }
}
