// Request-scoped context: every crumb recorded inside the scope carries its keys.
//
//     swift run basic_context
import StateCrumbs

Crumbs.enable(maxCrumbs: 50)
Crumbs.clear()

Crumbs.withContext(["request_id": "req-999", "user": "bob"]) {
    crumb("request_start")
    crumb("query", ["table": "orders"])
    crumb("request_end", ["status": 200])
}
crumb("idle")  // outside the scope: no context

print(CrumbFormatter.text(Crumbs.snapshot()))
