import Foundation
import JSON
import RulesLanguage

/// The rules language's server: answers the Language Server Protocol's messages for `.rules` files with the
/// same parser, checker and formatter as `enrich check` and `enrich fmt`.
///
/// It is a plain state machine, one message at a time: ``handle(_:)`` takes a message body and returns what to
/// send; checks run when ``runPendingChecks()`` is called (the transport calls it once no further message is
/// waiting, so a burst of edits costs one check). Bad input gets a JSON-RPC error answer, never a crash.
public final class LanguageServer {
    /// The lifecycle of a session.
    enum State { case starting, running, shutDown }

    var state = State.starting
    var documents = DocumentStore()
    /// Packs by root directory (or by buffer URI for a buffer that is no file).
    var packs: [String: Pack] = [:]
    /// Packs checked and not yet published.
    var unpublished: Set<String> = []
    let version: String
    /// The time zone checks are made at (fractional zones); `nil` for the current time.
    let now: Date?
    /// Messages for the client's log (the transport sends them as `window/logMessage`).
    var logs: [String] = []

    /// The client's workspace folders (paths), from `initialize`: packs are looked for up to them.
    var workspaceFolders: [String] = []

    /// Set by `exit`: the process's exit code (0 after `shutdown`, 1 without).
    public private(set) var exitCode: Int32?

    public init(version: String, now: Date? = nil) {
        self.version = version
        self.now = now
    }

    // MARK: Messages

    /// Handles one message body; returns the messages to send (an answer, errors, notifications).
    public func handle(_ body: [UInt8]) -> [JSONValue] {
        switch RPCMessage.parse(body) {
        case let .failure(error): return [error.response]
        case let .success(message): return handle(message)
        }
    }

    /// Handles one message.
    public func handle(_ message: RPCMessage) -> [JSONValue] {
        switch message {
        case .response:
            return []
        case let .notification(method, params):
            handleNotification(method, params)
            return drainLogs()
        case let .request(id, method, params):
            let answer: JSONValue
            switch respond(method, params) {
            case let .success(result): answer = RPCOutgoing.result(id, result)
            case var .failure(error):
                error.id = id
                answer = error.response
            }
            return drainLogs() + [answer]
        }
    }

    /// Whether a pack waits for a check, or a check for publishing.
    public var hasPendingChecks: Bool { packs.values.contains(where: \.dirty) || !unpublished.isEmpty || !pendingClears.isEmpty }

    /// Checks every pack that changed and returns the `textDocument/publishDiagnostics` notifications: one for
    /// each file of the pack that has diagnostics, and one (empty) for each that had some and has none now.
    public func runPendingChecks() -> [JSONValue] {
        var out = pendingClears.sorted().map { Self.publishDiagnostics($0, []) }
        pendingClears.removeAll()
        for (key, pack) in packs where pack.dirty {
            check(pack)
            unpublished.insert(key)
        }
        for key in unpublished.sorted() {
            guard let pack = packs[key] else { continue }
            out += publish(pack)
        }
        unpublished.removeAll()
        return drainLogs() + out
    }

    private func drainLogs() -> [JSONValue] {
        defer { logs.removeAll() }
        return logs.map { RPCOutgoing.notification("window/logMessage", .object([("type", .int(2)), ("message", .string($0))])) }
    }

    private func handleNotification(_ method: String, _ params: JSONValue?) {
        if method == "exit" {
            exitCode = state == .shutDown ? 0 : 1
            return
        }
        guard state == .running else { return }
        switch method {
        case "textDocument/didOpen":
            guard let document = params?["textDocument"], let uri = document["uri"]?.stringValue, let text = document["text"]?.stringValue else {
                logs.append("textDocument/didOpen without a textDocument's uri and text: ignored")
                return
            }
            documents.open(uri: uri, version: document["version"]?.intValue ?? 0, text: text)
            pack(for: uri).dirty = true
        case "textDocument/didChange":
            guard let uri = params?["textDocument"]?["uri"]?.stringValue, let changes = params?["contentChanges"]?.arrayElements else {
                logs.append("textDocument/didChange without a uri and contentChanges: ignored")
                return
            }
            var edits: [(range: TextRange?, text: String)] = []
            for change in changes {
                guard let text = change["text"]?.stringValue else { continue }
                if let range = change["range"] {
                    guard let parsed = TextRange(json: range) else {
                        logs.append("textDocument/didChange with a malformed range: ignored")
                        return
                    }
                    edits.append((parsed, text))
                } else {
                    edits.append((nil, text))
                }
            }
            let version = params?["textDocument"]?["version"]?.intValue ?? 0
            if documents.change(uri: uri, version: version, changes: edits) { pack(for: uri).dirty = true }
        case "textDocument/didClose":
            guard let uri = params?["textDocument"]?["uri"]?.stringValue else { return }
            documents.close(uri: uri)
            if DocumentURI.path(of: uri) == nil {
                // A buffer that is no file leaves nothing to check: clear what was published for it.
                if let pack = packs.removeValue(forKey: uri) {
                    unpublished.remove(uri)
                    pendingClears.formUnion(pack.published)
                }
            } else {
                pack(for: uri).dirty = true
            }
        case "textDocument/didSave", "workspace/didChangeWatchedFiles":
            for pack in packs.values { pack.dirty = true }
        default:
            break
        }
    }

    /// URIs of closed buffers whose diagnostics must be cleared.
    var pendingClears: Set<String> = []

    private func respond(_ method: String, _ params: JSONValue?) -> Result<JSONValue, RPCError> {
        switch state {
        case .starting:
            guard method == "initialize" else { return .failure(RPCError(.serverNotInitialized, "the server is not initialized yet")) }
            state = .running
            var folders = params?["workspaceFolders"]?.arrayElements?.compactMap { $0["uri"]?.stringValue } ?? []
            if folders.isEmpty, let root = params?["rootUri"]?.stringValue { folders = [root] }
            workspaceFolders = folders.compactMap(DocumentURI.path(of:)).map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            return .success(initializeResult)
        case .shutDown:
            return .failure(RPCError(.invalidRequest, "the server is shut down"))
        case .running:
            break
        }
        switch method {
        case "initialize": return .failure(RPCError(.invalidRequest, "the server is already initialized"))
        case "shutdown":
            state = .shutDown
            return .success(.null)
        case "textDocument/hover": return withPosition(params, hover)
        case "textDocument/definition": return withPosition(params, definition)
        case "textDocument/references":
            let includeDeclaration = params?["context"]?["includeDeclaration"]?.boolValue ?? true
            return withPosition(params) { self.references($0, $1, $2, includeDeclaration: includeDeclaration) }
        case "textDocument/completion": return withPosition(params, completion)
        case "textDocument/formatting": return withDocument(params, formatting)
        case "textDocument/documentSymbol": return withDocument(params) { _, file, _ in .success(DocumentSymbols.symbols(file)) }
        case "textDocument/codeAction":
            guard let range = TextRange(json: params?["range"]) else { return .failure(RPCError(.invalidParams, "codeAction needs a range")) }
            return withDocument(params) { self.codeActions($0, $1, $2, range: range) }
        default:
            return .failure(RPCError(.methodNotFound, "no method \(method)"))
        }
    }

    var initializeResult: JSONValue {
        .object([
            ("capabilities", .object([
                ("positionEncoding", "utf-16"),
                ("textDocumentSync", .object([("openClose", true), ("change", 2), ("save", .object([("includeText", false)]))])),
                ("hoverProvider", true),
                ("definitionProvider", true),
                ("referencesProvider", true),
                ("completionProvider", .object([("triggerCharacters", .array(["\"", "$"]))])),
                ("documentFormattingProvider", true),
                ("documentSymbolProvider", true),
                ("codeActionProvider", .object([("codeActionKinds", .array(["quickfix"]))])),
            ])),
            ("serverInfo", .object([("name", "enrich lsp"), ("version", .string(version))])),
        ])
    }

    // MARK: Packs

    /// The pack of the document at `uri` (created on first use).
    func pack(for uri: String) -> Pack {
        guard let path = DocumentURI.path(of: uri) else {
            if let pack = packs[uri] { return pack }
            let pack = Pack(root: nil, bufferURI: uri)
            packs[uri] = pack
            return pack
        }
        let root = Pack.root(of: path, workspaceFolders: workspaceFolders)
        let pack = packs[root] ?? Pack(root: root)
        packs[root] = pack
        return pack
    }

    func check(_ pack: Pack) {
        let ioErrors = pack.check(documents: documents, now: now ?? Date())
        logs += ioErrors
    }

    /// The URI to publish a file's diagnostics under: the open document's, or the file's.
    func uri(ofPath path: String) -> String {
        if let document = documents.document(atPath: path) { return document.uri }
        if documents[path] != nil { return path }
        return DocumentURI.uri(ofPath: path)
    }

    func lines(_ file: SourceFile, in pack: Pack) -> LineIndex {
        pack.file(file.path)?.lines ?? LineIndex(bytes: file.bytes)
    }

    private func publish(_ pack: Pack) -> [JSONValue] {
        var byURI: [String: [JSONValue]] = [:]
        for diagnostic in pack.result?.diagnostics ?? [] {
            let uri = uri(ofPath: diagnostic.range.file.path)
            byURI[uri, default: []].append(DiagnosticMapping.json(diagnostic, lines: { self.lines($0, in: pack) }, uri: uri(ofPath:)))
        }
        var out: [JSONValue] = []
        let cleared = pack.published.subtracting(byURI.keys)
        for uri in cleared.sorted() { out.append(Self.publishDiagnostics(uri, [])) }
        for uri in byURI.keys.sorted() { out.append(Self.publishDiagnostics(uri, byURI[uri]!)) }
        pack.published = Set(byURI.keys)
        return out
    }

    static func publishDiagnostics(_ uri: String, _ diagnostics: [JSONValue]) -> JSONValue {
        RPCOutgoing.notification("textDocument/publishDiagnostics", .object([("uri", .string(uri)), ("diagnostics", .array(diagnostics))]))
    }

    // MARK: Requests on a document

    /// Runs `body` with the document's pack (checked first if it changed), its parsed file and its URI.
    func withDocument(_ params: JSONValue?, _ body: (Pack, ParsedFile, String) -> Result<JSONValue, RPCError>) -> Result<JSONValue, RPCError> {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else {
            return .failure(RPCError(.invalidParams, "the request needs textDocument.uri"))
        }
        guard documents[uri] != nil else { return .failure(RPCError(.invalidParams, "the document \(uri) is not open")) }
        let pack = pack(for: uri)
        if pack.dirty {
            check(pack)
            unpublished.insert(pack.root ?? uri)
        }
        guard let file = pack.file(DocumentURI.path(of: uri) ?? uri) else {
            return .failure(RPCError(.invalidParams, "the document \(uri) is not a rules file of a pack"))
        }
        return body(pack, file, uri)
    }

    /// As ``withDocument(_:_:)``, with the byte offset of `params.position`.
    func withPosition(_ params: JSONValue?, _ body: (Pack, ParsedFile, Int) -> Result<JSONValue, RPCError>) -> Result<JSONValue, RPCError> {
        guard let position = Position(json: params?["position"]) else {
            return .failure(RPCError(.invalidParams, "the request needs a position {line, character}"))
        }
        return withDocument(params) { pack, file, _ in body(pack, file, file.lines.offset(of: position)) }
    }

    func location(_ range: SourceRange, in pack: Pack) -> JSONValue {
        .object([("uri", .string(uri(ofPath: range.file.path))), ("range", lines(range.file, in: pack).range(range.start, range.end).json)])
    }

    func hover(_ pack: Pack, _ file: ParsedFile, _ offset: Int) -> Result<JSONValue, RPCError> {
        guard let entry = file.index.entry(at: offset), let text = HoverText.text(for: pack.resolve(entry.occurrence), in: pack) else {
            return .success(.null)
        }
        return .success(.object([
            ("contents", .object([("kind", "markdown"), ("value", .string(text))])),
            ("range", file.lines.range(entry.start, entry.end).json),
        ]))
    }

    func definition(_ pack: Pack, _ file: ParsedFile, _ offset: Int) -> Result<JSONValue, RPCError> {
        guard let entry = file.index.entry(at: offset) else { return .success(.null) }
        let symbol = pack.resolve(entry.occurrence)
        if case let .importedPack(path) = symbol {
            // The imported file, or the first file of the imported directory.
            var errors: [String] = []
            guard let target = RulesetLoader.rulesFiles(in: path, errors: &errors).first else { return .success(.null) }
            let start = Position(line: 0, character: 0)
            return .success(.object([("uri", .string(uri(ofPath: target))), ("range", TextRange(start: start, end: start).json)]))
        }
        guard let range = pack.declaration(of: symbol) else { return .success(.null) }
        return .success(location(range, in: pack))
    }

    func references(_ pack: Pack, _ file: ParsedFile, _ offset: Int, includeDeclaration: Bool) -> Result<JSONValue, RPCError> {
        guard let entry = file.index.entry(at: offset) else { return .success(.array([])) }
        let symbol = pack.resolve(entry.occurrence)
        if case .unknown = symbol { return .success(.array([])) }
        let found = pack.references(to: symbol).filter { includeDeclaration || !$0.1.isDeclaration }
        return .success(.array(found.map { file, entry in
            .object([("uri", .string(uri(ofPath: file.path))), ("range", file.lines.range(entry.start, entry.end).json)])
        }))
    }

    func completion(_ pack: Pack, _ file: ParsedFile, _ offset: Int) -> Result<JSONValue, RPCError> {
        let line = file.lines.line(of: offset)
        let lineStart = file.lines.lineStarts[line]
        let prefix = String(decoding: file.lines.bytes[lineStart..<offset], as: UTF8.self)
        let rule = file.tree.items.lazy.compactMap { item -> RuleDeclaration? in
            if case let .rule(rule) = item, rule.range.start <= offset, offset <= rule.range.end { return rule }
            return nil
        }.first
        let items = Completion.items(Completion.context(linePrefix: prefix), pack: pack, rule: rule)
        return .success(.object([("isIncomplete", false), ("items", .array(items.map(\.json)))]))
    }

    func formatting(_ pack: Pack, _ file: ParsedFile, _ uri: String) -> Result<JSONValue, RPCError> {
        // As `enrich fmt`: a file with a syntax error is left as it is.
        guard !file.syntaxDiagnostics.hasErrors else { return .success(.array([])) }
        // ... and so is one whose canonical layout would change what a silence covers (`enrich check` and fmt say why).
        guard case let .success(formatted) = RulesFormatter().formatKeepingSilences(file.tree), formatted != file.text else {
            return .success(.array([]))
        }
        let edit: JSONValue = .object([
            ("range", TextRange(start: Position(line: 0, character: 0), end: file.lines.endPosition).json),
            ("newText", .string(formatted)),
        ])
        return .success(.array([edit]))
    }

    func codeActions(_ pack: Pack, _ file: ParsedFile, _ uri: String, range: TextRange) -> Result<JSONValue, RPCError> {
        let start = file.lines.offset(of: range.start), end = file.lines.offset(of: range.end)
        var actions: [JSONValue] = []
        for diagnostic in pack.result?.diagnostics ?? [] where diagnostic.range.file.path == file.path {
            guard diagnostic.range.start <= end, start <= diagnostic.range.end, let fixIt = diagnostic.fixIt else { continue }
            let edit: JSONValue = .object([
                ("range", file.lines.range(fixIt.range.start, fixIt.range.end).json), ("newText", .string(fixIt.replacement)),
            ])
            actions.append(.object([
                ("title", .string(fixIt.title)),
                ("kind", "quickfix"),
                ("isPreferred", true),
                ("diagnostics", .array([DiagnosticMapping.json(diagnostic, lines: { self.lines($0, in: pack) }, uri: uri(ofPath:))])),
                ("edit", .object([("changes", .object([(uri, .array([edit]))]))])),
            ]))
        }
        return .success(.array(actions))
    }
}
