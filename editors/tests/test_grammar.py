"""The TextMate grammar of .rules, run by a real TextMate engine (textmate-grammar-python, on Oniguruma) over
every ```rules example of docs/language.md and every file of the default pack and of examples/real-estate."""
import json
import logging
import re
from pathlib import Path

import pytest
from textmate_grammar.parsers.base import LanguageParser

ROOT = Path(__file__).resolve().parents[2]
GRAMMAR = json.loads((ROOT / "editors/vscode/syntaxes/rules.tmLanguage.json").read_text())
logging.getLogger("textmate_grammar").setLevel(logging.ERROR)
PARSER = LanguageParser(GRAMMAR)

# Words that must be tokenised as keywords or language constants wherever they stand outside strings,
# regexes, comments and JSON (the language's Keyword enum; contextual words such as `unique` are not checked).
KEYWORDS = {
    "rule", "table", "status", "transitions", "const", "test", "when", "set", "fill", "clear", "move", "precedence",
    "from", "by", "longest", "prefix", "first", "match", "and", "or", "not", "in", "is", "empty", "missing", "present",
    "true", "false", "null", "given", "now", "expect", "patch", "fields", "untouched", "fires", "error", "let", "import",
}
OPAQUE = ("comment", "string", "regexp", "json")
# The generated tables are tens of thousands of rows of the same shape: their other lines are all taken, and an
# evenly spaced sample of rows (single-line constructs), so the whole suite stays fast.
MAX_LINES = 1500


def examples():
    text = (ROOT / "docs/language.md").read_text()
    for index, block in enumerate(re.findall(r"```rules\n(.*?)```", text, re.S)):
        yield pytest.param(block, id=f"language.md#{index}")
    for directory in ("rules", "examples/real-estate"):
        for path in sorted((ROOT / directory).rglob("*.rules")):
            yield pytest.param(sample(path.read_text()), id=str(path.relative_to(ROOT)))


def sample(text):
    """The text, or for a generated file a sample of it: its items (blank-line separated) evenly spaced, and in a
    long table its head, its end and evenly spaced rows (each row is a single-line construct)."""
    lines = text.splitlines(keepends=True)
    if len(lines) <= MAX_LINES:
        return text
    items, current = [], []
    for line in lines:
        current.append(line)
        if line.strip() == "":
            items.append(current)
            current = []
    if current:
        items.append(current)
    budget = MAX_LINES // 2
    kept = []
    for item in items[:: max(1, len(items) // 200)]:
        if len(item) > budget:
            rows = item[5:-3]
            item = item[:5] + rows[:: max(1, len(rows) // budget)] + item[-3:]
        kept.extend(item)
    return "".join(kept)


def tokens(text):
    element = PARSER.parse_string(text)
    return element.flatten() if element else []


def scoped(tokens):
    """Each token as (line, column, text, scopes joined)."""
    return [(line, column, text, " ".join(scopes)) for (line, column), text, scopes in tokens]


@pytest.mark.parametrize("text", list(examples()))
def test_tokenises_meaningfully(text):
    toks = scoped(tokens(text))
    assert toks, "nothing tokenised"
    lines = text.split("\n")
    by_position = {}
    for line, column, token, scopes in toks:
        assert "invalid" not in scopes, f"line {line + 1}: {token!r} is {scopes}"
        for offset in range(len(token)):
            by_position[(line, column + offset)] = scopes
    for line, column, token, scopes in toks:
        word = token.strip()
        if word in KEYWORDS and not any(o in scopes for o in OPAQUE):
            assert "keyword" in scopes or "constant.language" in scopes, f"line {line + 1}: {word!r} is {scopes}"
        if re.fullmatch(r"-?\d(?:_?\d)*(?:\.\d+)?[KM]?", word) and not any(o in scopes for o in OPAQUE):
            assert "constant.numeric" in scopes, f"line {line + 1}: {word!r} is {scopes}"
    for number, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith("#"):
            column = len(line) - len(stripped)
            assert "comment.line.number-sign" in by_position.get((number, column), ""), f"line {number + 1}: comment not tokenised"
        # A condition's regex, a table's regex key.
        for match in re.finditer(r"(?:!?~\s*|^\s*)/(?=[^/\n]*/)", line):
            if "#" in line[: match.start()] or line.count('"', 0, match.start()) % 2:
                continue
            slash = match.end() - 1
            assert "string.regexp" in by_position.get((number, slash), ""), f"line {number + 1}: regex at {slash + 1} not tokenised"
        # The name of a rule, a table or a test.
        declared = re.match(r'(rule|table|test) "', line)
        if declared:
            assert "keyword.control.declaration" in by_position[(number, 0)]
            assert "entity.name.function" in by_position[(number, len(declared.group(1)) + 1)]


def scopes_of(text):
    return [(token, scopes) for _, _, token, scopes in scoped(tokens(text))]


def test_strings_with_templates_escapes_and_an_unterminated_string():
    toks = scopes_of('set name = "Hi ${first}, \\"you\\" \\u{1F600}"\nset x = "open\nset y = 2\n')
    assert ("first", "source.rules string.quoted.double.rules meta.template.expression.rules variable.other.capture.rules") in toks
    assert any(t == '\\"' and "constant.character.escape" in s for t, s in toks)
    assert any(t == "\\u{1F600}" and "constant.character.escape" in s for t, s in toks)
    # An unterminated string ends with its line: the next line is code again.
    assert ("set", "source.rules keyword.control.rules") in toks[-7:]
    assert ("2", "source.rules constant.numeric.rules") in toks


def test_regex_flags_classes_and_division():
    toks = scopes_of("when comment ~ /a[/]b\\/c/ix and x / 2 > 1\n")
    assert ("ix", "source.rules string.regexp.rules keyword.other.regexp-flags.rules") in toks
    assert any(t == "[/]" and "character-class" in s for t, s in toks), toks
    assert ("/", "source.rules keyword.operator.rules") in toks, "division is an operator"
    bad = scopes_of("when x ~ /a/iq\n")
    assert any("invalid.illegal.regexp-flags" in s for _, s in bad)


def test_fields_functions_and_json():
    toks = scopes_of('set utcOffset = zone("Europe/Moscow")\ntest "t" {\n  given {"id": 1, "phone": "8 495"}\n}\n')
    assert ("utcOffset", "source.rules variable.other.field.rules") in toks
    assert ("zone", "source.rules support.function.builtin.rules") in toks
    assert any(t == '"phone"' and "string.quoted.double.json" in s for t, s in toks)
