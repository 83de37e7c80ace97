#!/usr/bin/env bash
# Installs, with apt, whatever SparseLab needs that this Debian 12 machine lacks. Idempotent:
# when everything is there it only checks, in well under a second.
set -euo pipefail

packages=(
    cmake ninja-build g++ ccache pkg-config clang-format
    qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev libvulkan-dev libxkbcommon-dev
    libeigen3-dev libopenblas-dev libhdf5-dev zlib1g-dev nlohmann-json3-dev libcli11-dev
    dataset-fashion-mnist
    python3-h5py python3-numpy
    python3-scipy
    xvfb xauth
    qt6-l10n-tools qt6-tools-dev qt6-translations-l10n fonts-noto-cjk  # lupdate/lrelease, Qt's own zh_CN texts, CJK glyphs
    clang-14 libclang-rt-14-dev  # scripts/fuzz.sh: libFuzzer and the sanitizer runtimes
    fortunes fortunes-zh  # text for model.kind gpt: english-fortunes; tang-poems, chinese-fortunes
    openmpi-bin libopenmpi-dev  # mpirun and the MPI headers: data-parallel training and distributed sweeps
    lld  # links the test executables several times faster than GNU ld (cmake/build_speed.cmake)
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup: all ${#packages[@]} packages present"
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

# Debian's libblas.so.3 may point at the reference BLAS; we link libopenblas.so directly,
# but say which one the alternatives system chose, for anyone linking other code.
update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | grep -m1 '^Value:' || true
