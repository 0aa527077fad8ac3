import Testing
@testable import JSON

@Suite("blank text: what shows nothing")
struct BlankTests {
    /// The definition by Unicode properties, written out (the implementation answers ASCII without the tables).
    func byProperties(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isWhitespace || properties.isDefaultIgnorableCodePoint { return true }
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator: return true
        default: return scalar == "\u{2800}"
        }
    }

    @Test("every ASCII scalar and a sample of others is invisible exactly when its properties say so")
    func asciiShortcutAgrees() {
        var scalars = (0...0x7F).compactMap(Unicode.Scalar.init)
        scalars += [0xA0, 0xAD, 0x200B, 0x2028, 0x3000, 0x2800, 0x0430, 0x1F600, 0xFEFF, 0x061C].compactMap { Unicode.Scalar(UInt32($0)) }
        for scalar in scalars {
            #expect(JSONValue.isInvisible(scalar) == byProperties(scalar), "U+\(String(scalar.value, radix: 16))")
        }
        #expect(JSONValue.isBlank(" \t\u{200B}\u{00A0}"))
        #expect(!JSONValue.isBlank(" a "))
        #expect(JSONValue.isBlank(""))
    }
}
