@testable import LinerClient
@testable import LinerRun
import RunJournal
import Testing

/// What the journal records of an update call: never 'applied' or 'rejected' without an attempt, which the journal
/// refuses (with the whole batch of outcomes: a revert whose restored phone the client refused before sending lost
/// the record of updates that had landed).
@Suite("Run: update outcomes as the journal records them")
struct UpdateOutcomeTests {
    @Test("Refused before sending: failed, 'not sent', no attempt, final")
    func refusedBeforeSending() {
        let report = LinerCallReport(method: "POST", path: "/v2/lead/update/7/", attempts: [],
                                     outcome: .invalidRequest("a phone must be E.164"), duration: .zero)
        let outcome = UpdateOutcome(report)
        #expect(outcome.state == .failed)
        #expect(outcome.attempts == 0)
        #expect(outcome.message?.hasPrefix("not sent: ") == true)
        #expect(outcome.follow == .final)
    }

    @Test("No outcome without an attempt is 'applied' or 'rejected'", arguments: [
        LinerCallOutcome.invalidRequest("x"), .rejected(status: 422, message: "no"), .failed(message: "down"), .cancelled, .succeeded,
    ])
    func neverSettledWithoutAnAttempt(outcome: LinerCallOutcome) {
        let state = UpdateOutcome(LinerCallReport(method: "POST", path: "/", attempts: [], outcome: outcome, duration: .zero)).state
        #expect(state != .applied && state != .rejected, "\(outcome)")
    }
}
