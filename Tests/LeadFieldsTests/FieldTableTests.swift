import Foundation
import JSON
@testable import LeadEngine
import LeadFields
import LinerWire
import RulesLanguage
import Testing

/// Every consumer of the lead fields' table knows every field the same way, so that a new Liner field is
/// one entry in ``LeadFields/all``.
@Suite("The lead fields' table")
struct FieldTableTests {
    @Test func namesAreUniqueAndWireOrderIsDense() {
        #expect(Set(LeadFields.all.map(\.name)).count == LeadFields.all.count)
        #expect(LeadFields.updatable.map { $0.wireOrder! } == Array(0..<LeadFields.updatable.count))
        #expect(LeadFields.updatable.last?.name == LeadFields.customValues, "custom values go last in a body")
    }

    @Test func theLanguageKnowsEveryField() throws {
        #expect(Set(LeadSchema.fields.keys) == Set(LeadFields.all.map(\.name)))
        for field in LeadFields.all {
            let schema = try #require(LeadSchema.fields[field.name])
            #expect(schema.writable == field.isWritableByRules, "\(field)")
            let phone = schema.validation == .phone, offset = schema.validation == .utcOffset
            #expect(phone == (field.kind == .phone), "\(field)")
            #expect(offset == (field.kind == .utcOffset), "\(field)")
        }
    }

    @Test func theEngineReadsEveryFieldButTheIdWithItsType() {
        for field in LeadFields.all {
            #expect((Lead.expectedTypes[field.name] == nil) == (field.kind == .id), "\(field)")
            if field.kind == .id { continue }
            // A list is no field's type: reading it fails for every field the engine knows.
            let fields: [String: JSONValue] = ["id": .int(1), field.name: .array([.int(1)])]
            #expect(throws: LeadError.self, "\(field)") { _ = try Lead(fields: fields) }
        }
        #expect(Set(Lead.expectedTypes.keys).isSubset(of: Set(LeadFields.all.map(\.name))))
    }

    /// The table a lead's fields are checked with answers as the dictionary it is made from: for every field,
    /// and for names that are not fields (prefixes, suffixes, one letter changed, empty, non-ASCII).
    @Test func theFieldTypeTableAnswersAsTheDictionary() {
        var names = Set(LeadFields.all.map(\.name) + ["", "x", "И", "idx", "Name", "phone ", "customvalues", "utcOffse", "utcOffsett", "externalIdAmo2"])
        for field in LeadFields.all {
            let name = field.name
            names.insert(String(name.dropFirst()))
            names.insert(String(name.dropLast()))
            names.insert(name + "s")
            names.insert(String(name.reversed()))
            for index in name.indices { names.insert(name.replacingCharacters(in: index...index, with: "q")) }
        }
        for name in names {
            #expect(Lead.expectedTypeTable.expected(name) == Lead.expectedTypes[name], "\(name)")
        }
    }

    @Test func patchesOrderAndClearEveryUpdatableFieldByTheTable() {
        for field in LeadFields.updatable {
            #expect(Patch.orderKey(field.name) == field.wireOrder! * 1_000_000_000, "\(field)")
            #expect(PatchValidator.clearValue(for: field.name) == field.clearValue, "\(field)")
        }
        #expect(PatchValidator.clearValue(for: "customValues[12]") == LeadFields.named(LeadFields.customValues)!.clearValue)
    }

    @Test func theWireAcceptsExactlyTheUpdatableFieldsAndTheirClears() throws {
        #expect(LinerUpdateField.allCases.map(\.rawValue) == LeadFields.updatable.map(\.name))
        for field in LeadFields.all {
            #expect((LinerUpdateField(rawValue: field.name) != nil) == field.isUpdatable, "\(field)")
        }
        for field in LeadFields.updatable {
            let value: JSONValue = field.kind == .customValues ? .object([("10", field.clearValue)]) : field.clearValue
            let update = try LinerUpdateValidator.validate(.object([(field.name, value)])).get()
            let expected: LinerUpdate.Change = field.kind == .customValues ? .merge([("10", nil)]) : .clear
            #expect(update == LinerUpdate(changes: [(LinerUpdateField(rawValue: field.name)!, expected)]), "\(field)")
        }
    }

    @Test(arguments: ["79001234567", "+79001234567", "123456789", "+1234567890123456", "7900123456a", "+", "", "７９００１２３４５６７"])
    func phonesAreCheckedOnceForTheWireAndTheEngine(_ text: String) throws {
        let valid = LeadFields.isE164Phone(text)
        #expect((LinerUpdateValidator.normalizedPhone(text) != nil) == valid)
        // Not a literal, so that the checker leaves it to the engine.
        let engine = try Engine(source: "rule \"Phone\" {\n  when sourceComment ~ /(?<p>.+)/\n  set phone = $p\n}\n", path: "t.rules")
        let evaluation = engine.evaluate(try Lead(fields: ["id": .int(1), "sourceComment": .string(text)]), now: Date(timeIntervalSince1970: 0))
        if !text.isEmpty { #expect(evaluation.errors.isEmpty == valid, "\(text)") }
    }
}
