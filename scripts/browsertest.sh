#!/usr/bin/env bash
# Browser checks of the web edition and the live preview, in Debian's Chromium:
#  1. the Go browser tests (internal/browsertest, build tag "browser", chromedp):
#     the preview reloads on an edit, shows a broken front matter's file:line and
#     recovers; the web edition's pages have no console error, no failed load and
#     no sideways scrolling on a phone; the Arabic search finds «الذكاء» written
#     «الذّكاء» or «الذكـاء»; the page's script folds and searches as Go does;
#  2. axe-core (npm @axe-core/cli, through Debian's chromedriver) on every page of
#     the samples' web edition and of the English and Hebrew books: no serious or
#     critical violation, after a canary page proves axe reports one.
# A browser that cannot start fails the checks; nothing is skipped.
# usage: scripts/browsertest.sh   (prints "browser: N passed, N failed" last)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
passed=0 failed=0
bar() { if [ "$2" = 1 ]; then echo "PASS $1: $3"; passed=$((passed+1)); else echo "FAIL $1: $3"; failed=$((failed+1)); fi; }

if go test -tags browser -count=1 ./internal/browsertest/ 2>&1 | tee "$work/go.log" | tail -40; then
  bar "browser tests" 1 "go test -tags browser ./internal/browsertest: preview, pages, search"
else
  bar "browser tests" 0 "go test -tags browser ./internal/browsertest failed (above)"
fi

# axe-core on the web editions, served on the loopback interface.
go build -o "$work/warraq" ./cmd/warraq
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600}
mkdir -p "$work/www"
for book in samples testdata/books/en testdata/books/he; do
  "$work/warraq" build "$book" --format html --out "$work/www/$(basename "$book")" -q
done
mkdir -p "$work/www/canary"
printf '<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body><main><img src="x.png"></main></body></html>\n' > "$work/www/canary/index.html"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.1; done

npm install --prefix "$work/axe" --ignore-scripts --no-audit --no-fund --silent @axe-core/cli@4.13.0 >/dev/null
axe() { # axe OUT.json URL...: writes the results of every URL to OUT.json
  local out=$1; shift
  (cd "$work" && "$work/axe/node_modules/.bin/axe" "$@" --chromedriver-path /usr/bin/chromedriver --chrome-path /usr/bin/chromium \
    --chrome-options="no-sandbox,disable-gpu,disable-background-networking,disable-component-update,disable-sync,no-first-run,disable-quic" \
    --dir "$work/axe-out" --save "$out" >"$work/axe.log" 2>&1) || { tail -20 "$work/axe.log"; return 1; }
}
summary() { # summary OUT.json: "pages=N critical=N serious=N moderate=N minor=N" and the serious ones
  python3 - "$work/axe-out/$1" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))
count = {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
for page in res:
    for v in page["violations"]:
        count[v["impact"]] = count.get(v["impact"], 0) + len(v["nodes"])
        if v["impact"] in ("critical", "serious"):
            print("  %s: %s (%s) %d nodes" % (page["url"], v["id"], v["impact"], len(v["nodes"])), file=sys.stderr)
print("pages=%d " % len(res) + " ".join("%s=%d" % (k, count[k]) for k in ("critical", "serious", "moderate", "minor")))
PY
}
if axe canary.json "http://127.0.0.1:$port/canary/index.html"; then
  c=$(summary canary.json 2>/dev/null)
  bar "axe canary" "$(echo "$c" | grep -q 'critical=[1-9]' && echo 1 || echo 0)" "axe reports an image without alt text as critical: $c"
else
  bar "axe canary" 0 "axe did not run"
fi
urls=()
for f in $(cd "$work/www" && ls */*/*.html | sort); do
  case $f in */search.html) urls+=("http://127.0.0.1:$port/$f?q=%D8%A7%D9%84%D8%AE%D8%B7");; *) urls+=("http://127.0.0.1:$port/$f");; esac
done
if axe pages.json "${urls[@]}"; then
  s=$(summary pages.json)
  n=$(echo "$s" | sed -n 's/pages=\([0-9]*\).*/\1/p')
  bar "axe web edition" "$([ "$n" = "${#urls[@]}" ] && echo "$s" | grep -q 'critical=0 serious=0' && echo 1 || echo 0)" "$s (of ${#urls[@]} pages)"
else
  bar "axe web edition" 0 "axe did not run"
fi

echo "browser: $passed passed, $failed failed"
[ "$failed" = 0 ]
