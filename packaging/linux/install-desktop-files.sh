#!/bin/sh
# Install Watchlist's desktop integration under PREFIX: the .desktop file, the AppStream
# metainfo and the icon in every size. PREFIX is /usr for a distribution package, /app in the
# Flatpak, ~/.local for one user (then `watchlist` must be on PATH).
set -eu

prefix=${1:?usage: install-desktop-files.sh PREFIX}
here=$(cd "$(dirname "$0")" && pwd)
app_id=io.github.watchlist.Watchlist

install -Dm644 "$here/$app_id.desktop" "$prefix/share/applications/$app_id.desktop"
install -Dm644 "$here/$app_id.metainfo.xml" "$prefix/share/metainfo/$app_id.metainfo.xml"
for icon in "$here"/icons/hicolor/*/apps/"$app_id".*; do
    install -Dm644 "$icon" "$prefix/share/icons/${icon#"$here/icons/"}"
done
