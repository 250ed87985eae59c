#!/usr/bin/env bash
# The build step of the GitHub Action (action.yml): runs `warraq build --json`
# with the action's inputs, turns every diagnostic into an annotation on its
# file and line, writes the step outputs action.yml declares and a job
# summary, and exits with Warraq's exit code (0 success, 1 content errors,
# 2 usage, 3 I/O and environment, 130 interrupted). The outputs are written
# before a failing exit, so later steps (if: failure()) can read them.
#
# Environment: INPUT_DIRECTORY, INPUT_FORMATS, INPUT_STRICT, INPUT_OUTPUT_DIR,
# INPUT_ANNOTATIONS (the action's inputs); WARRAQ (the binary, default
# `warraq` on PATH); GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP (set by
# the runner; without them the outputs and summary are dropped).
# Needs jq (on every GitHub-hosted runner).
set -euo pipefail

warraq=${WARRAQ:-warraq}
dir=${INPUT_DIRECTORY:-.}
output=${GITHUB_OUTPUT:-/dev/null}
summary=${GITHUB_STEP_SUMMARY:-/dev/null}
command -v jq >/dev/null || { echo "::error title=warraq::jq is needed to read Warraq's manifest"; exit 3; }

args=(build "$dir" --json)
[ -z "${INPUT_FORMATS:-}" ] || args+=(--format "$INPUT_FORMATS")
[ -z "${INPUT_OUTPUT_DIR:-}" ] || args+=(--out "$INPUT_OUTPUT_DIR")
case "${INPUT_STRICT:-false}" in
  true) args+=(--strict) ;;
  false | "") ;;
  *) echo "::error title=warraq::input strict must be true or false, got '${INPUT_STRICT}'"; exit 2 ;;
esac
case "${INPUT_ANNOTATIONS:-true}" in
  true | false) ;;
  *) echo "::error title=warraq::input annotations must be true or false, got '${INPUT_ANNOTATIONS}'"; exit 2 ;;
esac

# A hosted runner starts with an empty cache and throws it away: filling it
# would cost about a tenth more CPU for nothing. A job that keeps the cache
# between runs (actions/cache on ~/.cache/warraq) sets WARRAQ_CACHE itself.
export WARRAQ_CACHE=${WARRAQ_CACHE:-off}

manifest=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/warraq-manifest.XXXXXX")
mv "$manifest" "$manifest.json"
manifest=$manifest.json
echo "warraq ${args[*]}"
set +e
"$warraq" "${args[@]}" >"$manifest"
code=$?
set -e
if ! jq -e '.schema | test("/manifest\\.v1\\.json$")' "$manifest" >/dev/null 2>&1; then
  # A command-line mistake caught before the build began prints no manifest.
  echo "::error title=warraq::warraq exited $code without a manifest"
  exit "$code"
fi

if [ "${INPUT_ANNOTATIONS:-true}" = true ]; then
  # Workflow commands: % CR LF are escaped in the message; , and : too in
  # properties (https://docs.github.com/actions/reference/workflow-commands).
  jq -r '
    def msg: gsub("%"; "%25") | gsub("\r"; "%0D") | gsub("\n"; "%0A");
    def prop: msg | gsub(":"; "%3A") | gsub(","; "%2C");
    .diagnostics[] |
    "::\(.severity) " +
    ([ (if .file != "" then "file=\(.file | prop)" else empty end),
       (if .line then "line=\(.line)" else empty end),
       (if .column then "col=\(.column)" else empty end),
       "title=\("warraq " + .code | prop)" ] | join(",")) +
    "::\(.message | msg)"' "$manifest"
fi

# Step outputs. paths is multi-line, so it uses the delimiter form.
{
  echo "manifest=$manifest"
  echo "ok=$(jq -r .ok "$manifest")"
  echo "exit-code=$code"
  echo "errors=$(jq '[.diagnostics[] | select(.severity == "error")] | length' "$manifest")"
  echo "warnings=$(jq '[.diagnostics[] | select(.severity == "warning")] | length' "$manifest")"
  delim="warraq_paths_$RANDOM$RANDOM"
  echo "paths<<$delim"
  jq -r '.outputs[].path' "$manifest"
  echo "$delim"
  for f in epub pdf html; do
    echo "$f=$(jq -r --arg f "$f" '[.outputs[] | select(.format == $f)][0].path // ""' "$manifest")"
    echo "$f-sha256=$(jq -r --arg f "$f" '[.outputs[] | select(.format == $f)][0].sha256 // ""' "$manifest")"
  done
  echo "pdf-pages=$(jq -r '[.outputs[] | select(.format == "pdf")][0].pages // ""' "$manifest")"
} >>"$output"

{
  if [ "$code" = 0 ]; then
    jq -r '"### 📚 \(.book.title)\n\n| file | bytes | sha256 | pages |\n| --- | --: | --- | --: |",
      (.outputs[] | "| \(.path | split("/") | last) | \(.bytes) | `\(.sha256)` | \(.pages // "") |"),
      "\n\(.articles | length) articles, \([.diagnostics[] | select(.severity == "warning")] | length) warnings."' "$manifest"
  else
    jq -r '"### ❌ warraq build failed (exit \(.exit_code))\n\n\(.error)\n",
      (.diagnostics[] | "- `\(.file)\(if .line then ":\(.line)" else "" end)` \(.code): \(.message)")' "$manifest"
  fi
} >>"$summary"

jq -r 'if .ok then (.outputs[] | "\(.format): \(.path) (\(.bytes) bytes, sha256 \(.sha256))") else "failed: \(.error)" end' "$manifest"
exit "$code"
