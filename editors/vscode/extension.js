// A minimal client for `enrich lsp`, with no dependency beyond VS Code itself: it starts the server, speaks
// JSON-RPC over its standard input and output (Content-Length framing), keeps it informed of open .rules
// documents, and turns its answers into VS Code's diagnostics, hovers, definitions, references, completions,
// formatting edits, document symbols and quick fixes.
'use strict';
const vscode = require('vscode');
const { spawn } = require('child_process');

let server;

function activate(context) {
  const command = vscode.workspace.getConfiguration('enrichRules').get('server.path') || 'enrich';
  const cwd = vscode.workspace.workspaceFolders ? vscode.workspace.workspaceFolders[0].uri.fsPath : undefined;
  server = new Connection(command, cwd);
  const diagnostics = vscode.languages.createDiagnosticCollection('enrich');
  context.subscriptions.push(diagnostics, { dispose: () => server.stop() });
  server.onNotification('textDocument/publishDiagnostics', (params) => {
    diagnostics.set(vscode.Uri.parse(params.uri), params.diagnostics.map(toDiagnostic));
  });
  const selector = { language: 'rules' };
  const rootUri = cwd ? vscode.Uri.file(cwd).toString() : null;
  const ready = server.request('initialize', { processId: process.pid, rootUri, capabilities: {} })
    .then(() => server.notify('initialized', {}));
  const sync = (method, document, extra) => ready.then(() => server.notify(method, Object.assign({
    textDocument: { uri: document.uri.toString(), languageId: 'rules', version: document.version, text: document.getText() },
  }, extra || {})));
  const isRules = (document) => document.languageId === 'rules';
  vscode.workspace.textDocuments.filter(isRules).forEach((d) => sync('textDocument/didOpen', d));
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((d) => isRules(d) && sync('textDocument/didOpen', d)),
    vscode.workspace.onDidChangeTextDocument((e) => isRules(e.document) && ready.then(() => server.notify('textDocument/didChange', {
      textDocument: { uri: e.document.uri.toString(), version: e.document.version },
      contentChanges: [{ text: e.document.getText() }],
    }))),
    vscode.workspace.onDidSaveTextDocument((d) => isRules(d) && ready.then(() => server.notify('textDocument/didSave', { textDocument: { uri: d.uri.toString() } }))),
    vscode.workspace.onDidCloseTextDocument((d) => isRules(d) && ready.then(() => server.notify('textDocument/didClose', { textDocument: { uri: d.uri.toString() } }))),
    vscode.languages.registerHoverProvider(selector, {
      provideHover: (d, p) => at('textDocument/hover', d, p).then((h) => h && new vscode.Hover(new vscode.MarkdownString(h.contents.value), toRange(h.range))),
    }),
    vscode.languages.registerDefinitionProvider(selector, {
      provideDefinition: (d, p) => at('textDocument/definition', d, p).then((l) => l && toLocation(l)),
    }),
    vscode.languages.registerReferenceProvider(selector, {
      provideReferences: (d, p, c) => at('textDocument/references', d, p, { context: { includeDeclaration: c.includeDeclaration } })
        .then((ls) => (ls || []).map(toLocation)),
    }),
    vscode.languages.registerCompletionItemProvider(selector, {
      provideCompletionItems: (d, p) => at('textDocument/completion', d, p).then((list) => (list ? list.items : []).map((i) => {
        const item = new vscode.CompletionItem(i.label, (i.kind || 1) - 1);
        item.detail = i.detail;
        if (i.documentation) item.documentation = new vscode.MarkdownString(i.documentation.value);
        return item;
      })),
    }, '"', '$'),
    vscode.languages.registerDocumentFormattingEditProvider(selector, {
      provideDocumentFormattingEdits: (d, o) => ready.then(() => server.request('textDocument/formatting', {
        textDocument: { uri: d.uri.toString() }, options: { tabSize: o.tabSize, insertSpaces: o.insertSpaces },
      })).then((edits) => (edits || []).map((e) => vscode.TextEdit.replace(toRange(e.range), e.newText))),
    }),
    vscode.languages.registerDocumentSymbolProvider(selector, {
      provideDocumentSymbols: (d) => ready.then(() => server.request('textDocument/documentSymbol', { textDocument: { uri: d.uri.toString() } }))
        .then((symbols) => (symbols || []).map(toSymbol)),
    }),
    vscode.languages.registerCodeActionsProvider(selector, {
      provideCodeActions: (d, range) => ready.then(() => server.request('textDocument/codeAction', {
        textDocument: { uri: d.uri.toString() }, range: fromRange(range), context: { diagnostics: [] },
      })).then((actions) => (actions || []).map((a) => {
        const action = new vscode.CodeAction(a.title, vscode.CodeActionKind.QuickFix);
        action.isPreferred = a.isPreferred;
        action.edit = new vscode.WorkspaceEdit();
        for (const [uri, edits] of Object.entries(a.edit.changes)) {
          for (const e of edits) action.edit.replace(vscode.Uri.parse(uri), toRange(e.range), e.newText);
        }
        return action;
      })),
    }),
  );

  function at(method, document, position, extra) {
    return ready.then(() => server.request(method, Object.assign({
      textDocument: { uri: document.uri.toString() }, position: { line: position.line, character: position.character },
    }, extra || {})));
  }
}

function toRange(r) { return r && new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character); }
function fromRange(r) { return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } }; }
function toLocation(l) { return new vscode.Location(vscode.Uri.parse(l.uri), toRange(l.range)); }
function toSymbol(s) {
  const symbol = new vscode.DocumentSymbol(s.name, s.detail || '', s.kind - 1, toRange(s.range), toRange(s.selectionRange));
  symbol.children = (s.children || []).map(toSymbol);
  return symbol;
}
function toDiagnostic(d) {
  const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message,
    d.severity === 1 ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  diagnostic.code = d.code;
  diagnostic.source = d.source;
  diagnostic.relatedInformation = (d.relatedInformation || []).map((r) =>
    new vscode.DiagnosticRelatedInformation(toLocation(r.location), r.message));
  return diagnostic;
}

// JSON-RPC over a child process's standard input and output.
class Connection {
  constructor(command, cwd) {
    this.nextId = 1;
    this.pending = new Map();
    this.handlers = new Map();
    this.buffer = Buffer.alloc(0);
    this.process = spawn(command, ['lsp'], { cwd, stdio: ['pipe', 'pipe', 'inherit'] });
    this.process.on('error', (error) => vscode.window.showErrorMessage(`enrich lsp could not start (${command}): ${error.message}`));
    this.process.stdout.on('data', (chunk) => this.receive(chunk));
  }
  send(message) {
    const body = Buffer.from(JSON.stringify(Object.assign({ jsonrpc: '2.0' }, message)), 'utf8');
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }
  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ id, method, params });
    });
  }
  notify(method, params) { this.send({ method, params }); }
  onNotification(method, handler) { this.handlers.set(method, handler); }
  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const match = /Content-Length:\s*(\d+)/i.exec(this.buffer.slice(0, end).toString('ascii'));
      const length = match ? Number(match[1]) : 0;
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.slice(end + 4, end + 4 + length).toString('utf8'));
      this.buffer = this.buffer.slice(end + 4 + length);
      if (message.id !== undefined && this.pending.has(message.id)) {
        const { resolve, reject } = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) reject(new Error(message.error.message)); else resolve(message.result);
      } else if (message.method && this.handlers.has(message.method)) {
        this.handlers.get(message.method)(message.params);
      }
    }
  }
  stop() {
    if (!this.process || this.process.exitCode !== null) return;
    this.request('shutdown', null).then(() => this.notify('exit', null)).catch(() => this.process.kill());
  }
}

function deactivate() { if (server) server.stop(); }

module.exports = { activate, deactivate };
