"""`enrich lsp` end to end, driven by a real LSP client (pytest-lsp over pygls and lsprotocol) on a small pack of its
own (editors/tests/pack: the default pack's text changes with its rules, these tests must not): initialise, open a file, introduce an error and see its diagnostic at the right range (UTF-16 columns after
Cyrillic), apply the quick fix, hover, go to a definition in another file, complete, format as `enrich fmt`.

The server binary is $ENRICH_BIN (scripts/test.sh passes the one it built), else .build/debug/enrich."""
import asyncio
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = Path(__file__).resolve().parents[2]
ENRICH = os.environ.get("ENRICH_BIN") or str(ROOT / ".build/debug/enrich")
PACK = Path(__file__).resolve().parent / "pack"
# Every wait for the server is bounded: a server that never answers fails the test instead of holding CI.
WAIT = 60
JUNK = PACK / "40-junk.rules"
STATUSES = PACK / "00-statuses.rules"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[ENRICH, "lsp"]))
async def client(lsp_client: LanguageClient):
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=ROOT.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=ROOT.as_uri(), name="repo")]))
    assert result.capabilities.hover_provider
    assert result.capabilities.document_formatting_provider
    yield
    await lsp_client.shutdown_session()


def utf16(text):
    return len(text.encode("utf-16-le")) // 2


def position_of(text, needle, occurrence=0, offset=0):
    """The protocol position of the `occurrence`-th `needle` in `text` (plus `offset` characters)."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    index += offset
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return types.Position(line=line, character=utf16(text[start:index]))


def apply(text, edit):
    """`text` with one TextEdit applied (UTF-16 positions)."""
    lines = text.split("\n")

    def offset(position):
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units, index = 0, 0
        while index < len(line) and units < position.character:
            units += utf16(line[index])
            index += 1
        return before + index

    return text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]


class Document:
    def __init__(self, client, path):
        self.client, self.uri, self.text, self.version = client, path.as_uri(), path.read_text(), 1
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=self.uri, language_id="rules", version=1, text=self.text)))

    def id(self):
        return types.TextDocumentIdentifier(uri=self.uri)

    async def change(self, text):
        self.text, self.version = text, self.version + 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    async def diagnostics(self):
        """The diagnostics published for the document after its last change."""
        while True:
            params = await asyncio.wait_for(
                self.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), WAIT)
            if params.uri == self.uri:
                return params.diagnostics

    async def settle(self):
        """Waits until the server has checked the last change (requests are answered after it)."""
        await asyncio.wait_for(self.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=self.id())), WAIT)


@pytest.mark.asyncio
async def test_diagnostic_at_the_typo_and_its_quick_fix(client: LanguageClient):
    document = Document(client, JUNK)
    await document.settle()
    assert not client.diagnostics.get(document.uri), "the test pack is clean"
    # The second sourceComment of the spam rule stands after a Cyrillic regex on its line.
    broken = document.text.replace("int(json(sourceComment", "int(json(sourceComent", 1)
    assert broken != document.text, "the test pack has the field to misspell"
    await document.change(broken)
    diagnostics = await document.diagnostics()
    assert len(diagnostics) == 1, diagnostics
    diagnostic = diagnostics[0]
    start = position_of(broken, "sourceComent")
    assert diagnostic.range == types.Range(start=start, end=types.Position(line=start.line, character=start.character + 12))
    line = broken.split("\n")[start.line]
    assert start.character < len(line[: line.index("sourceComent")].encode()), "columns are UTF-16 units, not bytes"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.code == "unknown-field"
    assert "did you mean 'sourceComment'?" in diagnostic.message

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=document.id(), range=diagnostic.range, context=types.CodeActionContext(diagnostics=[diagnostic])))
    assert [action.title for action in actions] == ["Change 'sourceComent' to 'sourceComment'"]
    edits = actions[0].edit.changes[document.uri]
    fixed = apply(broken, edits[0])
    assert fixed == JUNK.read_text()
    await document.change(fixed)
    assert list(await document.diagnostics()) == [], "the fix clears the diagnostic"


@pytest.mark.asyncio
async def test_hover_definition_references_completion(client: LanguageClient):
    document = Document(client, JUNK)
    text = document.text

    async def hover(needle, occurrence=0, offset=1):
        result = await client.text_document_hover_async(types.HoverParams(
            text_document=document.id(), position=position_of(text, needle, occurrence, offset)))
        return result.contents.value if result else ""

    assert "Liner's lead update" in await hover("sourceComment")
    assert "`digits(x)`" in await hover("digits(")
    assert "id 9" in await hover("junk", occurrence=text.count("junk") - 1) or "id 9" in await hover("-> junk", offset=4)
    assert "`i` caseless" in await hover("/(казино")

    definition = await client.text_document_definition_async(types.DefinitionParams(
        text_document=document.id(), position=position_of(text, "-> junk", offset=4)))
    location = definition if isinstance(definition, types.Location) else definition[0]
    assert location.uri == STATUSES.as_uri()
    assert location.range.start == position_of(STATUSES.read_text(), "junk = 9")

    references = await client.text_document_references_async(types.ReferenceParams(
        text_document=document.id(), position=position_of(text, "-> junk", offset=4),
        context=types.ReferenceContext(include_declaration=True)))
    assert {r.uri for r in references} >= {document.uri, STATUSES.as_uri()}

    # Inside `expect fires "`: the pack's rule names.
    typed = text + '\ntest "completion" {\n  given {"id": 1}\n  expect fires "Ju'
    await document.change(typed)
    completion = await client.text_document_completion_async(types.CompletionParams(
        text_document=document.id(), position=position_of(typed, 'fires "Ju', offset=len('fires "Ju'))))
    labels = [item.label for item in (completion.items if hasattr(completion, "items") else completion)]
    assert "Junk: spam or never requested" in labels
    assert "Phone as E.164" in labels, "rules of other files of the pack"


@pytest.mark.asyncio
async def test_formatting_is_enrich_fmt(client: LanguageClient):
    document = Document(client, JUNK)
    messy = document.text.replace("  move new -> junk", "move   new->junk").replace('rule "Qualified: ready to buy" {', 'rule "Qualified: ready to buy"{')
    await document.change(messy)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=document.id(), options=types.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert len(edits) == 1
    formatted = apply(messy, edits[0])
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / "40-junk.rules"
        copy.write_text(messy)
        subprocess.run([ENRICH, "fmt", str(copy)], check=True, capture_output=True)
        assert formatted == copy.read_text()
    assert formatted == JUNK.read_text()


def raw_session(payload):
    """Writes `payload` to a fresh `enrich lsp` and returns (its exit code, the messages it wrote)."""
    import json
    process = subprocess.run([ENRICH, "lsp"], input=payload, capture_output=True, timeout=60)
    messages, rest = [], process.stdout
    while rest:
        header, _, rest = rest.partition(b"\r\n\r\n")
        length = int(header.split(b":")[1])
        messages.append(json.loads(rest[:length]))
        rest = rest[length:]
    return process.returncode, messages


def framed(body):
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_malformed_input_gets_errors_and_the_server_goes_on():
    payload = (b"Content-Length: nope\r\n\r\n"
               + framed(b"{not json")
               + framed(b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}')
               + framed('{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x/п.rules"},"position":{"line":0}}}'.encode())
               + framed(b'{"jsonrpc":"2.0","id":3,"method":"shutdown"}')
               + framed(b'{"jsonrpc":"2.0","method":"exit"}'))
    code, messages = raw_session(payload)
    assert code == 0
    errors = [m["error"]["code"] for m in messages if "error" in m]
    assert errors == [-32700, -32700, -32602], messages
    assert any(m.get("id") == 1 and "capabilities" in m["result"] for m in messages)
    assert any(m.get("id") == 3 and m["result"] is None for m in messages)


def test_a_client_that_leaves_without_exit_ends_the_server_with_1():
    code, _ = raw_session(framed(b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'))
    assert code == 1
