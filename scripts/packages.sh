# shellcheck shell=bash
# Known-vulnerable NuGet packages, sourced by ./crm (`./crm test` runs the check before the tests).
#
# dotnet reads the vulnerability data from the NuGet sources' VulnerabilityInfo resource. A source that
# serves none (a plain mirror) reports every package clean: the check then fails only on what a source
# does report, and says which sources it asked.

# Prints "package version severity" for each vulnerable package in a `dotnet list package --vulnerable
# --format json` report on stdin; returns 1 when there is any.
vulnerable_packages_in() {
  local report found
  report="$(cat)"
  # Each vulnerable package is an object with "id", "resolvedVersion" and a "vulnerabilities" array.
  found="$(printf '%s' "$report" | tr -d '\n' |
    grep -o '"id": *"[^"]*", *"requestedVersion"[^]]*\]\|"id": *"[^"]*", *"resolvedVersion"[^]]*\]' |
    grep '"vulnerabilities"' |
    sed -E 's/.*"id": *"([^"]*)".*"resolvedVersion": *"([^"]*)".*"severity": *"([^"]*)".*/\1 \2 \3/')" || true
  if printf '%s' "$report" | grep -q '"vulnerabilities"'; then
    printf '%s\n' "${found:-(see the report)}"
    return 1
  fi
}

check_vulnerable_packages() {
  log "Checking NuGet packages for known vulnerabilities"
  local report
  report="$(dotnet list "$ROOT/CrmBlazor.sln" package --vulnerable --include-transitive --format json)" ||
    die "dotnet list package --vulnerable failed"
  local sources
  sources="$(printf '%s' "$report" | tr -d '\n' | grep -o '"sources": *\[[^]]*\]' | grep -o 'https\?://[^"]*' | tr '\n' ' ')"
  if ! printf '%s' "$report" | vulnerable_packages_in >"$DATA/vulnerable-packages.txt"; then
    cat "$DATA/vulnerable-packages.txt" >&2
    echo "0 passed, 1 failed"
    die "vulnerable packages (per ${sources:-the NuGet sources}): update them in Directory.Packages.props"
  fi
  log "No known-vulnerable packages (vulnerability data from: ${sources:-the NuGet sources})"
}
