#!/usr/bin/env bash
# The PDF diary next to the bench kit's baselines: warm in-process time, the whole CLI
# process, peak RSS; prints the ratios the floors are judged by.
#
#   swift build -c release --product sogreto
#   scripts/diary-bench.sh [BENCH_DIR=/tmp/bench] [SOGRETO=.build/release/sogreto] [RUNS=10]
#
# BENCH_DIR is a working copy of ../shared/bench with its .venv, data/ and ref_c/hpdf_diary built
# (see its README). The kit's 20-page spec is converted to PracticeDiaryData once (`diary bench
# --export-data`); our layout gives that diary ~32 pages (cover, stage sections, chart,
# manifesto, statistics), so a per-page figure is printed too. Machine noise: run it twice and
# note `uptime`.
set -euo pipefail
BENCH_DIR=${BENCH_DIR:-/tmp/bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SOGRETO=${SOGRETO:-$ROOT/.build/release/sogreto}
RUNS=${RUNS:-10}
WARM_REPEAT=${WARM_REPEAT:-21}
OUT=$(mktemp -d /tmp/sogreto-diary-bench.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
PY=$BENCH_DIR/.venv/bin/python
SPEC=$BENCH_DIR/data/diary_spec.json
DATA=$OUT/diary-data.json
export SOGRETO_ASSETS_DIR=${SOGRETO_ASSETS_DIR:-$ROOT/assets}

for tool in hyperfine pdfinfo pdffonts pdfimages /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
[ -x "$SOGRETO" ] || { echo "no $SOGRETO: swift build -c release --product sogreto" >&2; exit 1; }

echo "load: $(uptime)"
"$SOGRETO" diary bench "$SPEC" "$OUT/converted.pdf" --export-data "$DATA" 2>/dev/null

ours=("$SOGRETO" diary render "$DATA" -o "$OUT/sogreto.pdf" --data-dir /)
cref=("$BENCH_DIR/ref_c/hpdf_diary" "$BENCH_DIR/data/diary_spec.tsv" "$OUT/c.pdf")
rl_tuned=("$PY" "$BENCH_DIR/impl_reportlab.py" --no-a85 diary "$SPEC" "$OUT/rl-tuned.pdf")
rl_default=("$PY" "$BENCH_DIR/impl_reportlab.py" diary "$SPEC" "$OUT/rl.pdf")

# The output must still be what the issue checks: pages, an embedded font, DCT images, text.
"${ours[@]}"
pages=$(pdfinfo "$OUT/sogreto.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
fonts=$(pdffonts "$OUT/sogreto.pdf" 2>/dev/null | awk 'NR > 2 && $(NF-4) == "yes"' | wc -l)
dct=$(pdfimages -list "$OUT/sogreto.pdf" 2>/dev/null | awk 'NR > 2 && $9 == "jpeg"' | wc -l)
echo "sogreto diary: $pages pages, $fonts embedded font(s), $dct DCT images, $(stat -c %s "$OUT/sogreto.pdf") bytes"
[ "$fonts" -ge 1 ] && [ "$dct" -ge 10 ] || { echo "the PDF fails the checks" >&2; exit 1; }

warm() {  # median of runs 2..N inside one process, from the `warm_ms=` line on stderr
    "$@" 2>&1 >/dev/null | sed -n 's/.*warm_ms=\([0-9.]*\).*/\1/p' | tail -1
}
w_ours=$(warm "${ours[@]}" --repeat "$WARM_REPEAT")
w_cref=$(BENCH_REPEAT=$WARM_REPEAT warm "${cref[@]}")
w_tuned=$(BENCH_REPEAT=$WARM_REPEAT warm "${rl_tuned[@]}")

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
r_ours=$(rss "${ours[@]}"); r_cref=$(rss "${cref[@]}"); r_rl=$(rss "${rl_default[@]}")

q() { printf '%q ' "$@"; }
# For comparison, the same binary with libvips loaded at exec, as when it was linked (before
# the shim opened it lazily): LD_PRELOAD maps libvips and its ~100 libraries at start-up.
linked=(env LD_PRELOAD=libvips.so.42 "${ours[@]}")
r_linked=$(rss "${linked[@]}")
hyperfine -N -w 2 -r "$RUNS" --export-json "$OUT/cli.json" \
    -n sogreto "$(q "${ours[@]}")" -n sogreto-libvips-at-exec "$(q "${linked[@]}")" \
    -n libharu-c "$(q "${cref[@]}")" \
    -n reportlab-tuned "$(q "${rl_tuned[@]}")" -n reportlab "$(q "${rl_default[@]}")" >/dev/null

python3 - "$OUT/cli.json" "$w_ours" "$w_cref" "$w_tuned" "$r_ours" "$r_cref" "$r_rl" "$pages" "$r_linked" <<'PY'
import json, statistics, sys
cli = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
w_ours, w_c, w_rl = map(float, sys.argv[2:5])
r_ours, r_c, r_rl = (int(x) / 1024 for x in sys.argv[5:8])
pages = int(sys.argv[8])
r_linked = int(sys.argv[9]) / 1024
med = {k: statistics.median(v["times"]) * 1e3 for k, v in cli.items()}
lo = {k: min(v["times"]) * 1e3 for k, v in cli.items()}
print(f"{'':22}{'median ms':>10}{'min ms':>9}")
for k in ("sogreto", "sogreto-libvips-at-exec", "libharu-c", "reportlab-tuned", "reportlab"):
    print(f"CLI {k:18}{med[k]:10.1f}{lo[k]:9.1f}")
print(f"warm in-process ms: sogreto {w_ours:.1f} ({pages} pages, {w_ours / pages:.2f}/page), "
      f"libharu-c {w_c:.1f} (20 pages, {w_c / 20:.2f}/page), reportlab-tuned {w_rl:.1f}")
print(f"peak RSS MB: sogreto {r_ours:.1f} (libvips at exec: {r_linked:.1f}), libharu-c {r_c:.1f}, reportlab {r_rl:.1f}")
def verdict(value, limit): return "ok" if value <= limit else "MISSED"
print(f"warm / libharu-c      = {w_ours / w_c:.2f}  (target <= 1.2)  {verdict(w_ours / w_c, 1.2)}")
print(f"warm / reportlab-tuned = {w_ours / w_rl:.2f}  (target <= 0.68) {verdict(w_ours / w_rl, 0.68)}")
print(f"CLI / reportlab        = {med['sogreto'] / med['reportlab']:.3f} (target <= 0.1)  "
      f"{verdict(med['sogreto'] / med['reportlab'], 0.1)}   (fastest runs: {lo['sogreto'] / lo['reportlab']:.3f})")
print(f"peak RSS               = {r_ours:.1f} MB (target <= 45) {verdict(r_ours, 45)}")
PY
echo "load: $(uptime)"
