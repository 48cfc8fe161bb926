#!/usr/bin/env bash
# Makes the crumbtui test fixtures that come from real StateCrumbs crashes: the crash fixture's
# `checkout-service` scenario (three HTTP threads, then a payments thread that unwraps nil) run
# with Swift's backtracer printing text, and again writing a JSON crash log, and with a live file.
#
#     Tests/CrumbTUITests/Fixtures/make_crash_fixtures.sh      (from the package folder)
#
# The files are committed; the tests read them (tests that need a crash of their own run the
# fixture themselves: Tests/StateCrumbsTests/CrashReportTests.swift). Timestamps, pids and
# addresses differ on each run; what the tests check does not.
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=Tests/CrumbTUITests/Fixtures
swift build --product CrashFixture >/dev/null
fixture=$(swift build --show-bin-path)/CrashFixture
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The text backtrace on a captured stderr (what `app 2> crash.log` leaves).
(cd "$work" && env -u SWIFT_BACKTRACE "$fixture" checkout-service 2> text.log || true)
cp "$work/text.log" "$out/swift-crash-stderr.log"

# The JSON crash log in a folder, and the stderr beside it, with a live file of the same run.
mkdir "$work/logs"
(cd "$work" && SWIFT_BACKTRACE="enable=yes,format=json,output-to=$work/logs" \
    "$fixture" checkout-service "$work/live.jsonl" 2> json.log || true)
cp "$work/json.log" "$out/swift-crash-json-stderr.log"
cp "$work"/logs/*.json "$out/swift-crash-log.json"
cp "$work/live.jsonl" "$out/statecrumbs-swift.jsonl"
echo "made swift-crash-stderr.log, swift-crash-json-stderr.log, swift-crash-log.json, statecrumbs-swift.jsonl"
