// Liner runs: see LinerRunner.swift.
