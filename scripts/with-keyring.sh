#!/usr/bin/env bash
# Runs a command with a private D-Bus session and an unlocked gnome-keyring Secret Service (no display needed),
# so that the credential vault is tested against a real OS keychain. Needs: dbus gnome-keyring (apt).
set -euo pipefail
if [ -z "${KEYRING_INNER:-}" ]; then
  XDG_DATA_HOME="$(mktemp -d)" # a fresh keyring folder: the user's own keyrings are never touched
  export XDG_DATA_HOME
  exec env KEYRING_INNER=1 dbus-run-session -- "$0" "$@"
fi
# A non-empty password: with an empty one gnome-keyring wants a prompt and never creates the 'login' collection.
printf '%s' "ci-keyring-pass" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
exec "$@"
