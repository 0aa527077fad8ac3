import Foundation
import Hummingbird
import LeadEngine
import LinerClient
import RuleHarness
import RulesLanguage

/// The page for people at `/`: paste a lead or give its id; see its patch, the rule and file:line:column behind
/// each field, the explain trace and the lead's history in the journal; and the pack's digest and last reload.
/// Server-rendered HTML, no script.
extension EnrichServer {
    /// `POST /`: the form's answer.
    func pagePost(_ request: Request) async -> Response {
        let deadline = ContinuousClock.now + configuration.requestTimeout
        let bytes: [UInt8]
        do {
            bytes = try await BodyReading.collect(request, limit: configuration.maxBodyBytes, deadline: deadline)
        } catch {
            return page(PageForm(), status: 400, problem: "the form could not be read (too large or too slow)")
        }
        let form = PageForm(urlEncoded: bytes)
        if let token = configuration.token, !Authorization.accepts(request, token: token), !Authorization.matches(form.token, token) {
            return page(form, status: 401, problem: "the token is missing or wrong")
        }
        var now = Date()
        if !form.now.isEmpty {
            guard let date = Checker.parseISO8601(form.now) else {
                return page(form, detailed: true, status: 400, problem: "now must be an ISO 8601 time such as 2026-03-01T09:00:00Z")
            }
            now = date
        }
        var lead: JSONValue?
        var leadId = Int(form.id.trimmingCharacters(in: .whitespaces))
        var note: String?
        if !form.lead.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let text = Array(form.lead.utf8)
            do { lead = try JSONParser.parse(bytes: text) } catch {
                let position = TextPosition(offset: error.offset, in: text)
                return page(form, detailed: true, status: 400, problem: "the lead is not valid JSON: line \(position.line), column \(position.column): \(error.message)")
            }
            leadId = lead?["id"]?.intValue ?? leadId
        } else if let id = leadId {
            guard id > 0 else { return page(form, detailed: true, status: 400, problem: "a lead id is a positive integer") }
            if let watch {
                do { lead = try await watch.client.lead(id: id).value.json } catch {
                    note = "Liner's copy of lead \(id) could not be read: \(error.report.outcome.description)"
                }
            } else {
                note = "no Liner account is watched: paste the lead to evaluate it"
            }
        } else if !form.id.isEmpty {
            return page(form, detailed: true, status: 400, problem: "a lead id is a positive integer, not \"\(form.id)\"")
        } else {
            return page(form, detailed: true, status: 400, problem: "paste a lead or give its id")
        }
        var result: Section?
        if let lead {
            let pack = store.current
            let request = EvaluationRequest(body: .single(lead), now: now, explain: false)
            let work = { @Sendable in LeadEvaluation(pack: pack).answer(request, deadline: deadline) }
            let answered: EvaluationAnswer?? = bytes.count <= Self.inlineBodyLimit ? .some(work()) : await gate.run(until: deadline, work)
            guard let answer = answered ?? nil else {
                return page(form, detailed: true, status: 503, problem: "the evaluation took longer than the request timeout")
            }
            metrics.record(answer.tally, source: "api")
            let parsed: JSONValue
            do { parsed = try JSONParser.parse(answer.text) } catch {
                return page(form, detailed: true, status: 500, problem: "the answer could not be read: \(error)")
            }
            result = Section(answer: parsed, status: answer.status, lead: lead, now: now, pack: pack)
        }
        return page(form, detailed: true, result: result, history: leadId.map(history), note: note)
    }

    /// The evaluation's part of the page.
    struct Section {
        var answer: JSONValue
        var status: Int
        var lead: JSONValue
        var now: Date
        var pack: LoadedPack
    }

    private func history(_ leadId: Int) -> String {
        guard let journal = configuration.journal else { return "<p>No journal is open: no history.</p>" }
        let history: LeadHistory
        do { history = try LeadHistory.read(journal, leadId: leadId) } catch {
            return "<p class=\"problem\">" + HTML.escape("the journal could not be read: \(error)") + "</p>"
        }
        guard !history.rows.isEmpty else { return "<p>" + HTML.escape("Lead \(leadId): no change recorded in the journal.") + "</p>" }
        var html = "<table id=\"history\"><tr><th>when</th><th>outcome</th><th>run</th><th>rules digest</th><th>fields</th></tr>"
        for row in history.rows {
            let fields = row.fields.map(HTML.escape).joined(separator: "<br>") + (row.message.map { "<br><em>" + HTML.escape($0) + "</em>" } ?? "")
            html += "<tr><td>\(HTML.escape(Self.iso(row.at)))</td><td>\(HTML.escape(row.state))</td><td>\(row.runId)</td>"
                + "<td><code>\(HTML.escape(row.digest))</code></td><td>\(fields)</td></tr>"
        }
        return html + "</table>"
    }

    /// The whole page.
    ///
    /// `detailed`: the request carried the token (or none is configured): the last reload's problems and the
    /// watch's last error are shown (they name files, rules and hosts); otherwise only that there are some.
    func page(_ form: PageForm, detailed: Bool = false, status: Int = 200, problem: String? = nil, result: Section? = nil,
              history: String? = nil, note: String? = nil) -> Response {
        let pack = store.current
        var html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>enrich serve</title>
        <style>body{font-family:sans-serif;margin:2em;max-width:70em}pre{background:#f4f4f4;padding:.5em;overflow:auto}
        table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;vertical-align:top;text-align:left}
        .problem{color:#a00}textarea{width:100%;font-family:monospace}</style></head><body>
        <h1>Lead enrichment</h1>
        """
        html += "<p id=\"pack\">Rules digest <code id=\"digest\">\(HTML.escape(pack.digest))</code>, loaded \(HTML.escape(Self.iso(pack.loadedAt)))"
            + " (\(pack.fileCount) files, \(pack.writerCount) rules and tables\(pack.tests.map { ", tests: " + HTML.escape($0) } ?? ""))."
        if let reload = store.lastReload {
            if let problem = reload.problem, !detailed {
                html += "<div id=\"reload\" class=\"problem\">Last reload (\(HTML.escape(Self.iso(reload.at)))) refused (the problems are shown"
                    + " with the token). The pack above still serves.</div>"
            } else if let problem = reload.problem {
                html += "<div id=\"reload\" class=\"problem\">Last reload (\(HTML.escape(Self.iso(reload.at)))) refused: \(HTML.escape(problem.summary))<ul>"
                    + problem.items.map { "<li>" + HTML.escape($0.line) + "</li>" }.joined() + "</ul>The pack above still serves.</div>"
            } else {
                html += " <span id=\"reload\">Last reload \(HTML.escape(Self.iso(reload.at))): swapped in.</span>"
            }
        }
        html += "</p>"
        if watch != nil {
            let state = watchState.snapshot
            html += "<p id=\"watch\">Watching Liner: " + (state.degraded ? "<span class=\"problem\">degraded: \(HTML.escape(detailed ? state.lastProblem ?? "" : "the reason is shown with the token"))</span>"
                : "last poll " + HTML.escape(state.lastSuccess.map(Self.iso) ?? "not yet")) + ".</p>"
        }
        html += """
        <form method="post" action="/">
        <p><label>Lead id <input name="id" id="lead-id" value="\(HTML.escape(form.id))" inputmode="numeric"></label>
        or paste the lead (JSON):</p>
        <textarea name="lead" id="lead" rows="8">\(HTML.escape(form.lead))</textarea>
        <p><label>Reference time (ISO 8601, default now) <input name="now" id="now" value="\(HTML.escape(form.now))"></label>
        """
        if configuration.token != nil { html += " <label>Token <input type=\"password\" name=\"token\" id=\"token\"></label>" }
        html += " <button type=\"submit\" id=\"evaluate\">Evaluate</button></p></form>"
        if let problem { html += "<p id=\"problem\" class=\"problem\">" + HTML.escape(problem) + "</p>" }
        if let note { html += "<p id=\"note\">" + HTML.escape(note) + "</p>" }
        if let result { html += render(result) }
        if let history { html += "<h2>History in the journal</h2>" + history }
        html += "</body></html>\n"
        return JSONResponse.bytes(status: status, Array(html.utf8), contentType: "text/html; charset=utf-8")
    }

    private func render(_ section: Section) -> String {
        let answer = section.answer
        guard section.status == 200 else {
            return "<p id=\"problem\" class=\"problem\">" + HTML.escape(answer["error"]?.stringValue ?? "the lead could not be evaluated") + "</p>"
        }
        var html = "<h2>Lead \(answer["leadId"].map(JSONWriter.write) ?? "?") at \(HTML.escape(Self.iso(section.now)))</h2>"
        html += "<h3>Patch</h3><pre id=\"patch\">" + HTML.escape(answer["patch"].map(JSONWriter.write) ?? "{}") + "</pre>"
        if case let .array(changes)? = answer["changes"], !changes.isEmpty {
            html += "<table id=\"changes\"><tr><th>field</th><th>old</th><th>new</th><th>rule</th><th>at</th></tr>"
            for change in changes {
                html += "<tr><td>" + HTML.escape(change["field"]?.stringValue ?? "") + "</td><td>" + HTML.escape(change["old"].map(JSONWriter.write) ?? "")
                    + "</td><td>" + HTML.escape(change["new"].map(JSONWriter.write) ?? "") + "</td><td>" + HTML.escape(change["rule"]?.stringValue ?? "")
                    + "</td><td><code>" + HTML.escape(change["at"]?.stringValue ?? "") + "</code></td></tr>"
            }
            html += "</table>"
        } else {
            html += "<p>No field changes.</p>"
        }
        if case let .array(errors)? = answer["errors"], !errors.isEmpty {
            html += "<ul class=\"problem\">" + errors.map { "<li>" + HTML.escape($0.stringValue ?? "") + "</li>" }.joined() + "</ul>"
        }
        // The trace as `enrich explain` prints it.
        if let lead = try? Lead(json: section.lead) {
            let traced = section.pack.engine.makeEvaluator().evaluate(lead, now: section.now, detail: .trace)
            html += "<h3>Trace</h3><pre id=\"trace\">" + HTML.escape(Explanation.text(traced)) + "</pre>"
        }
        return html
    }
}
