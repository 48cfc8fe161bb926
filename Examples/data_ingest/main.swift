// A staged data pipeline with success and failure paths: each batch runs in its own context,
// each stage leaves crumbs, a bad record fails its batch, and the crumbs are exported as JSON.
//
//     swift run data_ingest [OUTPUT.json]      (default: ingest_crumbs.json)
import StateCrumbs

struct ValidationError: Error, CustomStringConvertible {
    var record: String
    var description: String { "invalid record \"\(record)\"" }
}

func parse(_ line: String) -> [String] {
    let fields = line.split(separator: ",").map(String.init)
    crumb("parse", ["fields": fields.count])
    return fields
}

func validate(_ fields: [String]) throws {
    guard fields.count == 3, Int(fields[2]) != nil else {
        crumb("validate.failed", ["record": fields.joined(separator: ",")])
        throw ValidationError(record: fields.joined(separator: ","))
    }
    crumb("validate.ok")
}

func load(_ fields: [String], into table: inout [[String]]) {
    table.append(fields)
    crumb("load", ["rows": table.count])
}

let batches = [
    ["alice,paris,31", "bob,lyon,42"],
    ["carol,nice,27", "dave,brest,not-a-number"],
    ["erin,metz,35"],
]

Crumbs.enable(maxCrumbs: 200)
Crumbs.clear()
var table: [[String]] = []
var failed = 0
for (number, batch) in batches.enumerated() {
    Crumbs.withContext(["pipeline_id": "ingest-7", "batch": number]) {
        crumb("batch.start", ["records": batch.count])
        do {
            var staged: [[String]] = []
            for line in batch {
                let fields = parse(line)
                try validate(fields)
                staged.append(fields)
            }
            for fields in staged { load(fields, into: &table) }
            crumb("batch.done")
        } catch {
            failed += 1
            crumb("batch.failed", ["error": error])
        }
    }
}

let output = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "ingest_crumbs.json"
do {
    try Crumbs.exportJSON(to: output)
    print("loaded \(table.count) rows, \(failed) batch failed; \(Crumbs.snapshot().count) crumbs written to \(output)")
} catch {
    print("could not export: \(error)")
}
