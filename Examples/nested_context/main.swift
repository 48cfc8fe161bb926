// Nested contexts across several steps: inner scopes add keys (and may override outer ones)
// until they end; the dump shows which keys each crumb carried.
//
//     swift run nested_context
import StateCrumbs

Crumbs.enable(maxCrumbs: 50, includeTimestamp: false)
Crumbs.clear()

Crumbs.withContext(["request_id": "req-999", "user": "bob"]) {
    crumb("request_start")
    Crumbs.withContext(["step": "db_query"]) {
        crumb("query_started")
        crumb("query_finished", ["rows": 3])
    }
    Crumbs.withContext(["step": "render", "user": "bob (impersonated by alice)"]) {
        crumb("render_started")
    }
    crumb("request_end")
}

Crumbs.dump()
