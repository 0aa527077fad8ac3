import BenchSupport
import Testing
@testable import RulesLanguage

/// Parses `text`, expecting no diagnostics.
private func parseClean(_ text: String, path: String = "test.rules",
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) -> RulesFile {
    let (tree, diagnostics) = Parser.parse(SourceFile(path: path, text: text))
    #expect(diagnostics.isEmpty, "diagnostics: \(diagnostics.map { "\($0.location) \($0.message.text)" })",
            sourceLocation: sourceLocation)
    return tree
}

private func format(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    RulesFormatter().format(parseClean(text, sourceLocation: sourceLocation))
}

// MARK: - Inputs

/// Odd spacing, redundant parentheses, comments everywhere, a long `when`, escapes, captures,
/// Cyrillic, regex flags, every action kind, both table policies and a test block.
private let messy = #"""
# Liner rules: demo pack
status   new=1 ,qualified = 5,junk=7   # codes from the account

transitions{ new->qualified , new -> junk # edges


  # junk is final
  qualified->junk
  # before the closing brace
}
const   correctUtcOffset=false
const threshold = 0.250
rule "Москва"   precedence   10 {   # header comment
  # about the condition
  when ((region == "Москва") and (phone ~ /^\+?7(495|499)\d{7}$/i)) or not (source in ["web", "call"])
  set city = "Москва \"центр\"\t${city}\n"   # trailing on set
  fill   customValues[12] = $city

  # before clear
  clear comment
  move new , qualified -> junk
  # end of the rule's body
}
rule "long" {
  when utm_source is not empty and utm_source not in ["google","yandex","facebook"] and comment !~ /тест|test/iu and lead["x"] == 3
  set note = "cost \$100 \${literal} \\ done\u{7}"
}   # after long
rule "split" {
  when (a == 1) and   # first part
    # explain b
    b == 2.5
  clear x
}
table "utc by phone" precedence 5 {
  when correctUtcOffset   # only when enabled
  fill utcOffset from e164(phone) by longest prefix
  "7495" => zone("Europe/Moscow")
  # Петербург
  "7812"=>zone("Europe/Moscow")
  "7" => 3   # fallback
}
table "source" {
  set source from lead["utm_source"] by first match
  /^goog/i => "google"
  "ya" => "yandex"
  # nothing after
}
test "moscow lead" {
  given {"phone": "+74951234567", "region": "Москва"}
  now "2024-05-01T10:00:00Z"
  # patch check
  expect patch {"city": "Москва"}
  expect fields { "utcOffset": 3 }
  expect untouched comment , status
  expect fires "Москва"
  expect not fires "long"
  expect error "bad \"zone\""
}
# end of file
"""#

private let messyCanonical = #"""
# Liner rules: demo pack
status new = 1, qualified = 5, junk = 7 # codes from the account

transitions {
  new -> qualified
  new -> junk # edges
  # junk is final
  qualified -> junk
  # before the closing brace
}

const correctUtcOffset = false

const threshold = 0.25

rule "Москва" precedence 10 { # header comment
  # about the condition
  when region == "Москва" and phone ~ /^\+?7(495|499)\d{7}$/i or not source in ["web", "call"]
  set city = "Москва \"центр\"\t${city}\n" # trailing on set
  fill customValues[12] = $city
  # before clear
  clear comment
  move new, qualified -> junk
  # end of the rule's body
}

rule "long" {
  when utm_source is not empty
    and utm_source not in ["google", "yandex", "facebook"]
    and comment !~ /тест|test/iu
    and lead["x"] == 3
  set note = "cost $100 \${literal} \\ done\u{7}"
} # after long

rule "split" {
  # first part
  # explain b
  when a == 1 and b == 2.5
  clear x
}

table "utc by phone" precedence 5 {
  when correctUtcOffset # only when enabled
  fill utcOffset from e164(phone) by longest prefix
  "7495" => zone("Europe/Moscow")
  # Петербург
  "7812" => zone("Europe/Moscow")
  "7" => 3 # fallback
}

table "source" {
  set source from lead["utm_source"] by first match
  /^goog/i => "google"
  "ya" => "yandex"
  # nothing after
}

test "moscow lead" {
  given {"phone": "+74951234567", "region": "Москва"}
  now "2024-05-01T10:00:00Z"
  # patch check
  expect patch {"city": "Москва"}
  expect fields { "utcOffset": 3 }
  expect untouched comment, status
  expect fires "Москва"
  expect not fires "long"
  expect error "bad \"zone\""
}

# end of file

"""#

/// Samples without `${...}` captures in expression strings, covering every construct.
private let samples: [String] = [
    // Statuses, transitions (with and without commas, empty), constants of every literal kind.
    """
    status new = 1, qualified = 5, junk = -7
    transitions { new -> qualified, new -> junk
      qualified -> junk }
    transitions {}
    const a = 1
    const b = -12.5
    const c = 0.000001
    const d = 123456789012345678901234567890.0
    const e = 0.1
    const f = true
    const g = false
    const h = null
    const i = ["a", 1, 2.0, [], [null, $cap], status]
    const j = "tab\\tquote\\"back\\\\slash\\nnl \\u{1F} \\u{7F} dollar \\$ \\${x} $ ёжик"
    """,
    // Rules: every action kind, targets, precedence, every expression form.
    """
    rule "actions" precedence 3 {
      when status == new
      set status = qualified
      set customValues[12] = lead["utm_source"]
      fill city = "Москва"
      clear comment
      clear customValues["k"]
      move new, junk -> qualified
    }
    rule "ops" precedence -1 {
      when a != 1 and b < 2 and c <= 3 and d > 4 and e >= 5.5 or f == "x"
      set z = 1
    }
    rule "membership" {
      when x in [1, 2] or y not in allowed or z is empty or w is not missing or v is present or u is not empty
      set z = f(g(1, [2]), h())
    }
    rule "regex" {
      when phone ~ /^\\+7/i and comment !~ /sp[/]am\\/x/ and lead["utm"] ~ /a|b/ui
      set k = $m
    }
    rule "no condition" {
      set a = b
    }
    """,
    // Parenthesization: only where the tree needs it.
    """
    rule "parens" {
      when (a or b) and (c or d) and not (e and f) and not not g
      set z = 1
    }
    rule "right nested" {
      when a and (b and c) or (d or e)
      set z = 1
    }
    rule "comparisons of comparisons" {
      when (a == b) == (c is empty) and (x in y) in z and (not q) ~ /x/ and ((a)) == ((1))
      set z = 1
    }
    rule "call args" {
      set z = f(a or b, not c, d == e, [a and b])
    }
    """,
    // Tables: both policies, conditions, precedence, regex and prefix rows.
    """
    table "utc" precedence 5 {
      when correctUtcOffset and phone is not empty
      fill utcOffset from e164(phone) by longest prefix
      "7495" => zone("Europe/Moscow")
      "7" => 3
    }
    table "source" {
      set customValues[7] from lead["utm_source"] by first match
      /^goog/i => "google"
      /a\\/b[/]c/ => "slashes"
      "ya" => "yandex"
    }
    table "empty" {
      fill a from b by first match
    }
    """,
    // Tests: every expectation kind, with and without `now`, multi-line JSON.
    """
    test "all expectations" {
      given {"phone": "+74951234567", "tags": ["a", {"b": "}"}]}
      now "2024-05-01T10:00:00Z"
      expect patch {"city": "Москва"}
      expect fields {"utcOffset": 3}
      expect untouched comment, status, city
      expect fires "actions"
      expect not fires "ops"
      expect error "bad \\"zone\\" \\${x}"
    }
    test "multi-line json" {
      given {
        "phone": "+7 495",
        "nested": {"a": [1, 2]}
      }
      expect patch {
        "x": 1
      }
    }
    """,
    // A long `or` chain and a long chain whose operands need parentheses.
    """
    rule "long or" {
      when source == "google-ads-campaign-1" or source == "google-ads-campaign-2" or source == "yandex-direct" or source == "vk"
      set channel = "ads"
    }
    rule "long and with parens" {
      when (source == "google-ads-campaign-1" or source == "google-ads-campaign-2") and not (comment ~ /test/i or comment is empty) and (a and b)
      set channel = "ads"
    }
    table "long table condition" {
      when utm_source is not empty and utm_source not in ["google", "yandex", "facebook", "vk", "telegram"] and x == 1
      fill a from b by longest prefix
      "1" => 2
    }
    """,
]

/// Samples whose comments sit in awkward places.
private let commentSamples: [String] = [
    "",
    "# only a comment\n",
    "# one\n\n\n# two   \n#three",
    """
    status new = 1, # first entry
      # inside the declaration
      qualified = 2 # second entry
    # after statuses
    const list = [
      1, # one
      # two is next
      2 # two
    ] # closing
    """,
    """
    rule "r" # after the name
      # between name and brace
      precedence 2 # after precedence
    { # after the brace
      # before when
      when # right after when
        a and
        # inside when
        b # after b
      # before set
      set x = 1 # after set
      # before the brace
    } # after the brace
    # between items


    # still between items
    test "t" { # header
      # before given
      given {"a": "#not a comment"} # after given
      # before now
      now "2024-01-01T00:00:00Z" # after now
      # before expect
      expect fires "r" # after expect
      # before the brace
    }
    # at the end
    """,
    """
    rule "long with comments" {
      when source == "google-ads-campaign-1" # first
        # about the second
        or source == "google-ads-campaign-2" # second
        or source == "yandex-direct" or source == "vkontakte-ads" # third
      set channel = "ads"
    }
    """,
    """
    rule "two trailing" # one
      precedence 1 # two
    {
      set x = 1
    }
    """,
]

/// Samples with `${...}` captures inside expression strings.
private let captureSamples: [String] = [
    """
    rule "captures" {
      when comment ~ /(?<city>\\w+)/
      set city = "город ${city}!"
      set note = "${city}${city} \\${notACapture} $${city}"
    }
    """,
    messy,
]

// MARK: - Helpers for the tree


// MARK: - Random trees

/// Random expressions of every kind, with awkward strings, decimals and nesting.
private struct TreeGenerator {
    var random: SplitMix64
    let file = SourceFile(path: "<generated>", text: "")
    var range: SourceRange { SourceRange(file: file, start: 0, end: 0) }

    static let identifiers = ["a", "phone", "sourceComment", "customValues", "lead", "x_1", "status", "utcOffset"]
    static let textPieces = ["a", " ", "\"", "\\", "$", "{", "}", "${", "\n", "\t", "\r", "\u{0}", "\u{1F}", "\u{7F}",
                             "Москва", "ё", "#", "/", "\u{1F600}", "=>", "\\n"]
    static let regexes: [(String, String)] = [("^\\+7", "i"), ("a\\/b[/]c", ""), ("тест|test", "iu"),
                                              ("(?<city>\\w+)", ""), ("\\d{3}$", "m")]
    static let decimals: [Double] = [0.5, -2.25, 1e-7, 1.0e22, 123.456, 0.1 + 0.2, 3.0, -0.0, 7e-300, 1.5e300]

    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func text() -> String {
        (0..<Int.random(in: 0...4, using: &random)).map { _ in pick(TreeGenerator.textPieces) }.joined()
    }

    /// String parts as the lexer makes them: no empty text, no two texts in a row.
    mutating func stringParts() -> [StringPart] {
        var parts: [StringPart] = []
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            if chance(30) {
                parts.append(.capture(pick(["city", "rub", "x_2"]), offset: 0))
            } else {
                let piece = text()
                if piece.isEmpty { continue }
                if case let .text(previous)? = parts.last {
                    parts[parts.count - 1] = .text(previous + piece)
                } else {
                    parts.append(.text(piece))
                }
            }
        }
        return parts
    }

    mutating func name(_ text: String) -> Name { Name(text: text, range: range) }

    mutating func expression(depth: Int) -> Expression {
        let leaf = depth <= 0
        let choice = Int.random(in: 0..<(leaf ? 8 : 18), using: &random)
        let kind: Expression.Kind
        switch choice {
        case 0: kind = .integer(pick([0, 1, -1, 42, Int.max, Int.min]))
        case 1: kind = .decimal(pick(TreeGenerator.decimals))
        case 2: kind = .string(stringParts())
        case 3: kind = .boolean(chance(50))
        case 4: kind = .null
        case 5: kind = .identifier(pick(TreeGenerator.identifiers))
        case 6: kind = .capture(pick(["city", "m"]))
        case 7: kind = .list([])
        case 8: kind = .list((0..<Int.random(in: 1...3, using: &random)).map { _ in expression(depth: depth - 1) })
        case 9: kind = .subscripted(base: name(pick(["customValues", "lead"])), key: expression(depth: depth - 1))
        case 10:
            kind = .call(function: name(pick(["e164", "lower", "zone", "status"])),
                         arguments: (0..<Int.random(in: 0...2, using: &random)).map { _ in expression(depth: depth - 1) })
        case 11:
            let (pattern, flags) = pick(TreeGenerator.regexes)
            kind = .regexMatch(subject: expression(depth: depth - 1), pattern: pattern, flags: flags,
                               patternRange: range, negated: chance(50))
        case 12:
            kind = .compare(pick([.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual]),
                            expression(depth: depth - 1), expression(depth: depth - 1))
        case 13: kind = .membership(expression(depth: depth - 1), list: expression(depth: depth - 1), negated: chance(50))
        case 14: kind = .test(expression(depth: depth - 1), pick([.empty, .missing, .present]), negated: chance(50))
        case 15: kind = .not(expression(depth: depth - 1))
        case 16: kind = .and(expression(depth: depth - 1), expression(depth: depth - 1))
        default: kind = .or(expression(depth: depth - 1), expression(depth: depth - 1))
        }
        return Expression(kind, range)
    }

    mutating func target() -> FieldTarget {
        chance(30) ? FieldTarget(name: name("customValues"), key: expression(depth: 1), range: range)
            : FieldTarget(name: name(pick(["city", "status", "priority"])), key: nil, range: range)
    }

    mutating func file(items count: Int) -> RulesFile {
        var items: [Item] = []
        for index in 0..<count {
            switch index % 3 {
            case 0:
                items.append(.constant(ConstantDeclaration(name: name("c\(index)"), value: expression(depth: 3), range: range)))
            case 1:
                var actions: [Action] = [.write(mode: chance(50) ? .set : .fill, target: target(),
                                                value: expression(depth: 3), range: range)]
                if chance(50) { actions.append(.clear(target: target(), range: range)) }
                if chance(30) { actions.append(.move(from: [name("new"), name("junk")], to: name("done"), range: range)) }
                items.append(.rule(RuleDeclaration(name: name("rule \(index) " + text()), precedence: chance(50) ? -3 : nil,
                                                   condition: chance(80) ? expression(depth: 4) : nil,
                                                   actions: actions, range: range)))
            default:
                let rows = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                    let (pattern, flags) = pick(TreeGenerator.regexes)
                    let key: TableDeclaration.Key = chance(50) ? .prefix(text()) : .regex(pattern: pattern, flags: flags)
                    return TableDeclaration.Row(key: key, keyRange: range, value: expression(depth: 2), range: range)
                }
                items.append(.table(TableDeclaration(
                    name: name(text()), precedence: chance(50) ? 7 : nil, condition: chance(50) ? expression(depth: 3) : nil,
                    mode: chance(50) ? .set : .fill, target: target(), keyExpression: expression(depth: 2),
                    policy: chance(50) ? .longestPrefix : .firstMatch, policyRange: range, rows: rows, range: range)))
            }
        }
        return RulesFile(file: file, items: items, comments: [])
    }
}

/// Inserts an own-line comment before, and a trailing comment after, some lines of canonical
/// text (which must have no multi-line JSON; lines with a `#` get no trailing comment), numbering
/// them in order; returns the new comments' texts.
private func sprinkleComments(_ text: String, seed: UInt64) -> (text: String, comments: [String]) {
    var random = SplitMix64(seed: seed)
    var out: [String] = []
    var comments: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
        if Int.random(in: 0..<3, using: &random) == 0 {
            comments.append(" @own \(comments.count)")
            out.append("    #" + comments.last!)
        }
        if !line.isEmpty, !line.contains("#"), Int.random(in: 0..<3, using: &random) == 0 {
            comments.append(" @trailing \(comments.count) #")
            out.append(line + "   #" + comments.last!)
        } else {
            out.append(String(line))
        }
    }
    return (out.joined(separator: "\n") + "\n", comments)
}

// MARK: - Tests

@Suite("Formatter")
struct FormatterTests {
    @Test("A messy file formats to the exact canonical text")
    func messyFileFormatsCanonically() {
        let formatted = format(messy)
        #expect(formatted == messyCanonical)
        if formatted != messyCanonical {
            // Point at the first differing line, to make a failure readable.
            let got = formatted.split(separator: "\n", omittingEmptySubsequences: false)
            let want = messyCanonical.split(separator: "\n", omittingEmptySubsequences: false)
            if let index = zip(got, want).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("line \(index + 1): got «\(got[index])», expected «\(want[index])»")
            }
        }
    }

    @Test("Invisible characters in strings stay escaped (written raw or as \\u{...}), so a reviewer sees them")
    func invisibleCharactersStayEscaped() {
        for scalar in ["200B", "202E", "2028", "2029", "FEFF", "200D", "1B", "85"] {
            let escaped = "rule \"A\" {\n  set customValues[1] = \"x\\u{\(scalar)}y\"\n}\n"
            #expect(format(escaped) == escaped, "\\u{\(scalar)}")
            let raw = escaped.replacingOccurrences(of: "\\u{\(scalar)}", with: String(Character(Unicode.Scalar(UInt32(scalar, radix: 16)!)!)))
            #expect(format(raw) == escaped, "raw U+\(scalar)")
        }
        // Visible text is left as written.
        let visible = "rule \"A\" {\n  set customValues[1] = \"Перезвоните 😀 é\"\n}\n"
        #expect(format(visible) == visible)
    }

    @Test("Formatting is idempotent", arguments: [messy, messyCanonical] + samples + commentSamples + captureSamples)
    func idempotent(_ source: String) {
        let once = format(source)
        let twice = format(once)
        #expect(twice == once)
    }

    @Test("Canonical text has no trailing spaces and ends with one newline",
          arguments: [messy] + samples + commentSamples.filter { !$0.contains("   \n") } + captureSamples)
    func layoutBasics(_ source: String) {
        let formatted = format(source)
        if formatted.isEmpty { return }
        #expect(formatted.hasSuffix("\n"))
        #expect(!formatted.hasSuffix("\n\n"))
        #expect(!formatted.contains("\n\n\n"))
        for line in formatted.split(separator: "\n") {
            #expect(!line.hasSuffix(" "), "trailing space in «\(line)»")
            #expect(!line.hasPrefix("\t"))
        }
    }

    @Test("parse → format → parse gives an equal tree and no diagnostics",
          arguments: [messy] + samples + commentSamples + captureSamples)
    func roundTrip(_ source: String) {
        let original = parseClean(source)
        let formatted = RulesFormatter().format(original)
        let reparsed = parseClean(formatted, path: "formatted.rules")
        #expect(reparsed.items.count == original.items.count)
        #expect(reparsed == original)
    }

    @Test("Every comment survives, once and in order", arguments: [messy] + samples + commentSamples + captureSamples)
    func commentsSurvive(_ source: String) {
        let original = parseClean(source)
        let formatted = RulesFormatter().format(original)
        let reparsed = parseClean(formatted, path: "formatted.rules")
        let texts = reparsed.comments.map { $0.text }, originalTexts = original.comments.map { $0.text }
        #expect(reparsed.comments.count == original.comments.count)
        #expect(texts == originalTexts)
    }

    @Test("The messy file keeps all its comments")
    func messyComments() {
        let original = parseClean(messy)
        #expect(original.comments.count == 19)
        let reparsed = parseClean(format(messy))
        let texts = reparsed.comments.map { $0.text }, originalTexts = original.comments.map { $0.text }
        #expect(texts == originalTexts)
        // Trailing comments stay trailing, except one written inside the split condition.
        let trailing = reparsed.comments.filter { !$0.ownLine }.map { $0.text }
        #expect(trailing == [" codes from the account", " edges", " header comment", " trailing on set",
                             " after long", " only when enabled", " fallback"])
        let originalTrailing = original.comments.filter { !$0.ownLine }.map { $0.text }
        #expect(originalTrailing.filter { $0 != " first part" } == trailing)
        #expect(originalTrailing.count == trailing.count + 1)
    }

    @Test("Comments in awkward places")
    func awkwardComments() {
        let formatted = format(commentSamples[4])
        #expect(formatted == """
            rule "r" precedence 2 { # after the name
              # between name and brace
              # after precedence
              # after the brace
              # before when
              # right after when
              # inside when
              when a and b # after b
              # before set
              set x = 1 # after set
              # before the brace
            } # after the brace

            # between items

            # still between items
            test "t" { # header
              # before given
              given {"a": "#not a comment"} # after given
              # before now
              now "2024-01-01T00:00:00Z" # after now
              # before expect
              expect fires "r" # after expect
              # before the brace
            }

            # at the end

            """)
        // Comments separated by blank lines keep one blank line between them (a file's header stays apart).
        #expect(format(commentSamples[2]) == "# one\n\n# two   \n#three\n")
        // A line takes one trailing comment; the next one goes on its own line after it.
        #expect(format(commentSamples[6]) == """
            rule "two trailing" precedence 1 { # one
              # two
              set x = 1
            }

            """)
        #expect(format(commentSamples[0]) == "")
        #expect(format(commentSamples[3]) == """
            # first entry
            # inside the declaration
            status new = 1, qualified = 2 # second entry

            # after statuses
            # one
            # two is next
            # two
            const list = [1, 2] # closing

            """)
    }

    @Test("A long chain with comments keeps each trailing comment on its operand's line")
    func brokenWhenWithComments() {
        #expect(format(commentSamples[5]) == """
            rule "long with comments" {
              when source == "google-ads-campaign-1" # first
                # about the second
                or source == "google-ads-campaign-2" # second
                or source == "yandex-direct"
                or source == "vkontakte-ads" # third
              set channel = "ads"
            }

            """)
    }

    @Test("Long conditions break at the top-level chain only when over 100 columns")
    func lineBreaking() {
        let formatted = format(samples[5])
        #expect(formatted == """
            rule "long or" {
              when source == "google-ads-campaign-1"
                or source == "google-ads-campaign-2"
                or source == "yandex-direct"
                or source == "vk"
              set channel = "ads"
            }

            rule "long and with parens" {
              when (source == "google-ads-campaign-1" or source == "google-ads-campaign-2")
                and not (comment ~ /test/i or comment is empty)
                and (a and b)
              set channel = "ads"
            }

            table "long table condition" {
              when utm_source is not empty
                and utm_source not in ["google", "yandex", "facebook", "vk", "telegram"]
                and x == 1
              fill a from b by longest prefix
              "1" => 2
            }

            """)
        // Exactly 100 columns stays on one line; 101 breaks.
        let name = String(repeating: "x", count: 100 - "  when a == 1 and ".count)
        let fits = "rule \"r\" {\n  when a == 1 and \(name)\n  set z = 1\n}\n"
        #expect(format(fits) == fits)
        let over = "rule \"r\" {\n  when a == 1 and \(name)y\n  set z = 1\n}\n"
        #expect(format(over) == "rule \"r\" {\n  when a == 1\n    and \(name)y\n  set z = 1\n}\n")
    }

    @Test("Parentheses only where the tree needs them")
    func parentheses() {
        let formatted = format(samples[2])
        #expect(formatted.contains("  when (a or b) and (c or d) and not (e and f) and not not g\n"))
        #expect(formatted.contains("  when a and (b and c) or (d or e)\n"))
        #expect(formatted.contains("  when (a == b) == (c is empty) and (x in y) in z and (not q) ~ /x/ and a == 1\n"))
        #expect(formatted.contains("  set z = f(a or b, not c, d == e, [a and b])\n"))
    }

    @Test("Literals: escapes, captures and decimals")
    func literals() {
        let formatted = format(samples[0])
        #expect(formatted.contains(#"const j = "tab\tquote\"back\\slash\nnl \u{1F} \u{7F} dollar $ \${x} $ ёжик""# + "\n"))
        #expect(formatted.contains("const b = -12.5\n"))
        #expect(formatted.contains("const c = 0.000001\n"))
        #expect(formatted.contains("const d = 123456789012345680000000000000.0\n"))
        #expect(formatted.contains(#"const i = ["a", 1, 2.0, [], [null, $cap], status]"#))
        #expect(format(captureSamples[0]).contains(#"  set note = "${city}${city} \${notACapture} $${city}""#))
    }

    @Test("Decimals read back as the same Double", arguments: [
        0.0, -0.0, 1.0, 0.1, 0.25, -2.5, 1e-5, 1.5e-7, 1e16, 1.2345e20, 123456.789, Double.leastNonzeroMagnitude,
        Double.greatestFiniteMagnitude, 0.30000000000000004,
    ])
    func decimals(_ value: Double) {
        let text = RulesFormatter.decimal(value)
        #expect(!text.contains("e"))
        #expect(text.contains("."))
        #expect(Double(text) == value)
        let tree = parseClean("const x = \(text)")
        guard case let .constant(constant)? = tree.items.first else {
            Issue.record("no constant parsed from \(text)")
            return
        }
        #expect(constant.value.kind == Expression.Kind.decimal(value))
    }

    @Test("Random trees: format → parse gives the same tree, and formatting is idempotent",
          arguments: UInt64(1)...UInt64(40))
    func randomTrees(_ seed: UInt64) {
        var generator = TreeGenerator(random: SplitMix64(seed: seed))
        let tree = generator.file(items: 6)
        let formatted = RulesFormatter().format(tree)
        let reparsed = parseClean(formatted, path: "formatted.rules")
        #expect(reparsed.items == tree.items, "seed \(seed):\n\(formatted)")
        #expect(RulesFormatter().format(reparsed) == formatted, "seed \(seed)")
    }

    @Test("Comments sprinkled over canonical text survive in order and formatting stays idempotent",
          arguments: UInt64(1)...UInt64(20))
    func sprinkledComments(_ seed: UInt64) {
        let sources = [messyCanonical] + samples.filter { !$0.contains("{\n") } + captureSamples
        for source in sources {
            let (text, added) = sprinkleComments(format(source), seed: seed)
            let tree = parseClean(text)
            let comments = tree.comments.map { $0.text }
            #expect(comments.filter { $0.hasPrefix(" @") } == added)
            let formatted = RulesFormatter().format(tree)
            let reparsed = parseClean(formatted, path: "formatted.rules")
            let texts = reparsed.comments.map { $0.text }
            #expect(texts == comments, "seed \(seed):\n\(formatted)")
            #expect(reparsed.items == tree.items)
            #expect(RulesFormatter().format(reparsed) == formatted, "seed \(seed)")
        }
    }
}
