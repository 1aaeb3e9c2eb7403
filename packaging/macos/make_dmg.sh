#!/usr/bin/env bash
# Wrap "AITasker Desktop.app" into a disk image. Run on macOS after packaging/build.py.
# Sign and notarise before distributing (set CODESIGN_IDENTITY to sign here).
set -euo pipefail
cd "$(dirname "$0")/../.."
version="$(python3 -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')"
app="dist/AITasker Desktop.app"
[ -d "$app" ] || { echo "build the app first: python packaging/build.py" >&2; exit 1; }
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --deep --force --options runtime --sign "$CODESIGN_IDENTITY" "$app"
fi
staging="$(mktemp -d)"
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "AITasker Desktop" -srcfolder "$staging" -ov -format UDZO \
    "dist/AITasker-Desktop-$version-macos.dmg"
rm -rf "$staging"
