# Sourced by the shell test scripts, called as `SCRIPT WHOSAID [SOURCE_ROOT ...]`:
# makes $whosaid an absolute path, moves to the source root, and points
# WHOSAID_RULES at its rules (unless set already).
whosaid=${1:?usage: $0 WHOSAID [SOURCE_ROOT ...]}
root=${2:-$(dirname "$0")/../..}
case $whosaid in /*) ;; *) whosaid=$(pwd)/$whosaid ;; esac
cd "$root" || exit 2
WHOSAID_RULES=${WHOSAID_RULES:-$(pwd)/rules/en}
export WHOSAID_RULES
