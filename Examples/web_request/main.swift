// Request-scoped context over async handlers: three requests run concurrently; each handler's
// crumbs, including those of its child tasks, carry that request's id.
//
//     swift run web_request
import StateCrumbs

struct NotFound: Error {}

func loadUser(_ id: Int) async throws -> String {
    crumb("db.user.load", ["id": id])
    try await Task.sleep(for: .milliseconds(5))
    if id == 3 { throw NotFound() }
    return "user-\(id)"
}

func loadCart(_ id: Int) async -> Int {
    crumb("db.cart.load", ["id": id])
    try? await Task.sleep(for: .milliseconds(3))
    return id * 2
}

func handle(request id: Int) async -> Int {
    await Crumbs.withContext(["request_id": "req-\(id)", "path": "/checkout"]) {
        crumb("request.start")
        do {
            async let user = loadUser(id)        // child tasks inherit the context
            async let items = loadCart(id)
            let (name, count) = try await (user, items)
            crumb("request.end", ["status": 200, "user": name, "items": count])
            return 200
        } catch {
            crumb("request.failed", ["status": 404, "error": error])
            return 404
        }
    }
}

Crumbs.enable(maxCrumbs: 100)
Crumbs.clear()
let statuses = await withTaskGroup(of: Int.self) { group in
    for id in 1...3 { group.addTask { await handle(request: id) } }
    var statuses: [Int] = []
    for await status in group { statuses.append(status) }
    return statuses
}

// The crumbs of each request, as a crash dump would show them.
for id in 1...3 {
    let request = Crumbs.snapshot().filter { $0.contextValue("request_id") == "req-\(id)" }
    print("req-\(id): " + request.map(\.event).joined(separator: " → "))
}
print("statuses: \(statuses.sorted())")
