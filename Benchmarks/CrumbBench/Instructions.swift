import StateCrumbs

/// `--instructions=N [--workload=NAME]`: records the workload's crumbs for a fixed number of
/// batches with no clock reads in between, for counting instructions per crumb under
/// valgrind (Benchmarks/instructions.sh collects inside ``countedBatches(_:_:)`` only).
/// Instruction counts do not move with the machine's load, so they compare two designs where
/// timings on a busy machine cannot.
func countInstructions(batches: Int) {
    let workloads: [(name: String, body: () -> Void, inContext: Bool)] = [
        ("fields", fieldsWorkload, true), ("variables", variablesWorkload, true), ("bare", bareWorkload, false),
    ]
    for workload in workloads where only == nil || only == workload.name {
        let run = {
            // Warm-up as in measure(): ring full, key cache filled, clock calibrated.
            let warmUpEnd = nanoseconds() + 100_000_000
            repeat { workload.body() } while nanoseconds() < warmUpEnd
            countedBatches(workload.body, batches)
        }
        if workload.inContext { inFourKeyContext(run) } else { run() }
        print("swift instructions workload=\(workload.name) crumbs=\(batches * batch)")
    }
}

/// The only code valgrind counts: `count` batches of the workload.
@inline(never)
func countedBatches(_ body: () -> Void, _ count: Int) {
    for _ in 0..<count { body() }
}
