// The run journal: see RunJournal.swift.
