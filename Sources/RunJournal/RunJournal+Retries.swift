import Foundation
import GRDB

/// A lead in the retry set: its update kept failing, and later runs re-read and re-evaluate it with backoff.
public struct RetryLead: Sendable, Equatable {
    /// The source the lead was read from (the runs' `source`) and the shard (`""` for none).
    public var source: String
    public var shard: String
    public var leadId: Int
    /// ``RetryState/waiting`` until the failures reach the cap, then ``RetryState/givenUp``.
    public var state: RetryState
    /// Failed attempts so far (one per run that tried).
    public var failures: Int
    public var firstFailedAt: Date
    public var lastFailedAt: Date
    /// Not re-tried before this time.
    public var nextAttemptAt: Date
    /// The last failure, as reported (sanitised by the client: no key, no control characters).
    public var lastError: String
    /// The change whose failure put it here last, if any.
    public var lastChangeId: Int64?
}

/// Where a lead of the retry set stands.
public enum RetryState: String, Sendable, CaseIterable {
    /// It will be re-tried at ``RetryLead/nextAttemptAt``.
    case waiting
    /// It failed ``RetryBackoff/maximumFailures`` times; it stays listed (and reported) until it is cleared.
    case givenUp = "given-up"
}

/// How long the retry set waits before a lead is tried again, and when it gives up.
public struct RetryBackoff: Sendable, Equatable {
    /// The wait after the first failure; it doubles after each further one.
    public var initial: TimeInterval
    /// The longest wait.
    public var maximum: TimeInterval
    /// Failures after which a lead is given up on.
    public var maximumFailures: Int

    /// 5 minutes, doubling, at most 6 hours, given up after 8 failures (about 10 hours of trying).
    public init(initial: TimeInterval = 300, maximum: TimeInterval = 6 * 3600, maximumFailures: Int = 8) {
        self.initial = initial
        self.maximum = maximum
        self.maximumFailures = max(1, maximumFailures)
    }

    /// The wait after `failures` failures.
    public func delay(afterFailures failures: Int) -> TimeInterval {
        let doublings = Double(min(max(failures - 1, 0), 40))
        return min(maximum, initial * pow(2, doublings))
    }
}

extension RunJournal {
    /// Records a failure of `leadId`'s update (or of reading it): adds the lead to the retry set or counts one
    /// more failure, sets when it may be tried again, and gives up at the backoff's cap. One transaction.
    ///
    /// - Returns: the lead's entry as recorded.
    @discardableResult
    public func recordRetryFailure(
        source: String, shard: String?, leadId: Int, error: String, changeId: Int64?, at: Date,
        backoff: RetryBackoff = RetryBackoff()
    ) throws(JournalError) -> RetryLead {
        let shard = shard ?? ""
        let path = self.path
        return try write { db in
            let existing = try Self.fetchRetry(db, source: source, shard: shard, leadId: leadId)
            let failures = (existing?.failures ?? 0) + 1
            let state: RetryState = failures >= backoff.maximumFailures ? .givenUp : .waiting
            let next = at.addingTimeInterval(backoff.delay(afterFailures: failures))
            let now = JournalTime.string(from: at)
            try db.execute(
                sql: """
                    INSERT INTO retry_leads (source, shard, lead_id, state, failures, first_failed_at, last_failed_at,
                                             next_attempt_at, last_error, last_change_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (source, shard, lead_id) DO UPDATE SET
                      state = excluded.state, failures = excluded.failures, last_failed_at = excluded.last_failed_at,
                      next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error,
                      last_change_id = excluded.last_change_id
                    """,
                arguments: [source, shard, leadId, state.rawValue, failures,
                            existing.map { JournalTime.string(from: $0.firstFailedAt) } ?? now, now,
                            JournalTime.string(from: next), error, changeId])
            guard let recorded = try Self.fetchRetry(db, source: source, shard: shard, leadId: leadId) else {
                throw JournalError.sqlite(path: path, reason: "the retry entry of lead \(leadId) was not written")
            }
            return recorded
        }
    }

    /// Removes `leadId` from the retry set (its update landed, it needs none, or it no longer exists).
    /// - Returns: whether it was in it.
    @discardableResult
    public func clearRetry(source: String, shard: String?, leadId: Int) throws(JournalError) -> Bool {
        try write { db in
            try db.execute(
                sql: "DELETE FROM retry_leads WHERE source = ? AND shard = ? AND lead_id = ?",
                arguments: [source, shard ?? "", leadId])
            return db.changesCount > 0
        }
    }

    /// The retry set of a source and shard: waiting leads first (soonest due first), then those given up on.
    public func retryLeads(source: String, shard: String?) throws(JournalError) -> [RetryLead] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM retry_leads WHERE source = ? AND shard = ?
                    ORDER BY state = 'given-up', next_attempt_at, lead_id
                    """,
                arguments: [source, shard ?? ""]
            ).map(Self.retry(from:))
        }
    }

    /// The retry-set entries of one lead, in every source and shard (for `enrich history`).
    public func retryEntries(leadId: Int) throws(JournalError) -> [RetryLead] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM retry_leads WHERE lead_id = ? ORDER BY source, shard", arguments: [leadId]
            ).map(Self.retry(from:))
        }
    }

    static func fetchRetry(_ db: Database, source: String, shard: String, leadId: Int) throws -> RetryLead? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM retry_leads WHERE source = ? AND shard = ? AND lead_id = ?",
            arguments: [source, shard, leadId]
        ).map(retry(from:))
    }

    static func retry(from row: Row) throws -> RetryLead {
        func date(_ column: String) throws -> Date {
            let text: String = try row.decode(String.self, forColumn: column)
            guard let date = JournalTime.date(from: text) else {
                throw DecodingProblem("retry_leads.\(column) holds '\(text)', which is not an ISO 8601 UTC date")
            }
            return date
        }
        let stateText: String = try row.decode(String.self, forColumn: "state")
        guard let state = RetryState(rawValue: stateText) else {
            throw DecodingProblem("a retry entry has the unknown state '\(stateText)'")
        }
        return RetryLead(
            source: try row.decode(String.self, forColumn: "source"),
            shard: try row.decode(String.self, forColumn: "shard"),
            leadId: try row.decode(Int.self, forColumn: "lead_id"),
            state: state,
            failures: try row.decode(Int.self, forColumn: "failures"),
            firstFailedAt: try date("first_failed_at"),
            lastFailedAt: try date("last_failed_at"),
            nextAttemptAt: try date("next_attempt_at"),
            lastError: try row.decode(String.self, forColumn: "last_error"),
            lastChangeId: try row.decode(Int64?.self, forColumn: "last_change_id")
        )
    }
}
