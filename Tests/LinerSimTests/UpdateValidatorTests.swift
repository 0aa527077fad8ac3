import LinerWire
import Testing

@Suite("Update validation rules")
struct UpdateValidatorTests {
    private func problem(_ body: String, statuses: Set<Int>? = [1, 5, 9]) throws -> LinerUpdateProblem? {
        let json = try JSONParser.parse(body)
        if case let .failure(problem) = LinerUpdateValidator.validate(json, knownStatusIds: statuses, knownCustomFieldIds: [10, 11]) {
            return problem
        }
        return nil
    }

    @Test(arguments: [
        (#"{"name": 5}"#, "name"),
        (#"{"name": ["a"]}"#, "name"),
        (#"{"statusId": "5"}"#, "statusId"),
        (#"{"statusId": 5.5}"#, "statusId"),
        (#"{"statusId": true}"#, "statusId"),
        (#"{"statusId": 4}"#, "statusId"),
        (#"{"priority": 1.0}"#, "priority"),
        (#"{"utcOffset": 15}"#, "utcOffset"),
        (#"{"utcOffset": -13}"#, "utcOffset"),
        (#"{"utcOffset": "3"}"#, "utcOffset"),
        (#"{"vkId": "abc"}"#, "vkId"),
        (#"{"vkId": "0"}"#, "vkId"),
        (#"{"vkId": "-5"}"#, "vkId"),
        (#"{"vkId": "007"}"#, "vkId"),
        (#"{"vkId": 12345}"#, "vkId"),
        (#"{"phone": "123"}"#, "phone"),
        (#"{"phone": "+7 916 123-45-67"}"#, "phone"),
        (#"{"phone": "+1234567890123456"}"#, "phone"),
        (#"{"telegramPhone": 79161234567}"#, "telegramPhone"),
        (#"{"customValues": []}"#, "customValues"),
        (#"{"customValues": {"abc": "x"}}"#, "customValues"),
        (#"{"customValues": {"0": "x"}}"#, "customValues"),
        (#"{"customValues": {"99": "x"}}"#, "customValues"),
        (#"{"customValues": {"10": {"nested": 1}}}"#, "customValues"),
        (#"{"leadType": "straight"}"#, "leadType"),
        (#"{"id": 5}"#, "id"),
        (#"{"name": "a", "name": "b"}"#, "name"),
    ])
    func rejects(_ body: String, field: String) throws {
        let found = try #require(try problem(body))
        #expect(found.field == field)
        #expect(found.message.contains(field))
    }

    @Test func unknownFieldIsNamed() throws {
        let found = try #require(try problem(#"{"statusId": 5, "favouriteColour": "red"}"#))
        #expect(found.message == "unknown field 'favouriteColour'")
    }

    /// `5.0 == 5` as JSON values, but an integer field takes only an integer written as one.
    @Test func wholeNumberWithAFractionIsNotAnInteger() throws {
        #expect(try problem(#"{"statusId": 5.0}"#)?.message == "statusId: must be an integer or null, not a non-integer number")
        #expect(try problem(#"{"statusId": 5}"#) == nil)
    }

    private func field(_ name: String) -> LinerUpdateField { LinerUpdateField(rawValue: name)! }

    @Test func bodyMustBeAnObject() throws {
        #expect(try problem("[1]")?.field == nil)
        #expect(try problem("[1]") != nil)
    }

    @Test func acceptsAndNormalises() throws {
        let json = try JSONParser.parse(
            #"{"name": "", "phone": "79161234567", "statusId": 5, "utcOffset": -12, "vkId": "123", "priority": null, "customValues": {"10": null, "11": 7}}"#
        )
        let update = try LinerUpdateValidator.validate(json, knownStatusIds: [5], knownCustomFieldIds: [10, 11]).get()
        #expect(update == LinerUpdate(changes: [
            (field("name"), .clear), (field("phone"), .set("+79161234567")), (field("statusId"), .set(5)),
            (field("utcOffset"), .set(-12)), (field("vkId"), .set("123")), (field("priority"), .clear),
            (field("customValues"), .merge([("10", nil), ("11", 7)])),
        ]))
    }

    @Test func withoutKnownIdsOnlyTypesAreChecked() throws {
        let json = try JSONParser.parse(#"{"statusId": 4242, "customValues": {"999": "x"}}"#)
        #expect((try? LinerUpdateValidator.validate(json).get()) != nil)
    }

    @Test func everyDocumentedFieldIsUpdatable() {
        let documented = [
            "name", "phone", "sourceComment", "externalIdBitrix24", "externalIdAmo", "externalIdMacro", "externalIdDomoplaner",
            "statusId", "priority", "utcOffset", "telegramUserName", "telegramPhone", "vkId", "instagramLogin", "customValues",
        ]
        #expect(Set(LinerUpdateField.allCases.map(\.rawValue)) == Set(documented))
    }
}
