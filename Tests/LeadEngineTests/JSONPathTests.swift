import BenchSupport
import Testing
@testable import LeadEngine

@Suite("json() paths: the byte reading of ASCII paths")
struct JSONPathTests {
    @Test("known paths read as keys, indices and invalid parts")
    func knownPaths() {
        typealias C = BuiltinConversions.PathComponent
        let cases: [(String, [C])] = [
            ("a.b", [.key("a"), .key("b")]),
            ("answers[0].text", [.key("answers"), .index(0), .key("text")]),
            ("[1][2]", [.index(1), .index(2)]),
            ("a..b.", [.key("a"), .key("b")]),
            ("a[x]", [.key("a"), .invalid]),
            ("a[1", [.key("a"), .invalid]),
            ("a[1]b", [.key("a"), .index(1), .invalid]),
            ("a[-1]", [.key("a"), .index(-1)]),
            ("a[]", [.key("a"), .invalid]),
            ("", []),
        ]
        for (path, expected) in cases {
            #expect(BuiltinConversions.components(of: path) == expected, "\(path)")
        }
    }

    /// Random paths over the characters that matter (dots, brackets, digits, signs, letters, a non-ASCII
    /// letter that sends a path to the character reading): both readings agree wherever the bytes are used.
    @Test("the byte reading agrees with the character reading on random paths")
    func bytesAgreeWithCharacters() {
        let alphabet: [String] = [".", ".", "[", "]", "0", "1", "9", "-", "+", "a", "b", "x", "_", " ", "ё"]
        var random = SplitMix64(seed: 0x1234_5678)
        var viaBytes = 0
        for _ in 0..<20_000 {
            let path = (0..<random.below(12)).map { _ in random.pick(alphabet) }.joined()
            if let bytes = BuiltinConversions.asciiComponents(of: path) {
                viaBytes += 1
                #expect(bytes == BuiltinConversions.characterComponents(of: path), "\(path.debugDescription)")
            } else {
                #expect(path.unicodeScalars.contains { !$0.isASCII })
            }
        }
        #expect(viaBytes > 10_000)
    }
}
