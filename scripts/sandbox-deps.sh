#!/usr/bin/env bash
# What the grading sandbox needs from Debian: bubblewrap, and the compilers and runtimes of Language.all.
# Installs only what is missing; a machine of this kind already has gcc, g++, Python 3, Java 17 and Node.js.
set -euo pipefail
missing=()
command -v bwrap >/dev/null || missing+=(bubblewrap)
[ -x /usr/bin/gcc ] || missing+=(gcc)
[ -x /usr/bin/g++ ] || missing+=(g++)
[ -x /usr/bin/python3 ] || missing+=(python3)
[ -x /usr/bin/javac ] || missing+=(openjdk-17-jdk-headless)
[ -x /usr/bin/node ] || missing+=(nodejs)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "== installing for the grading sandbox: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
