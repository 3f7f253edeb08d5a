// Click to replay (docs/labs/README.md#precomputed-results): a table row or
// a point of an experiment figure stands for one run or several (one per
// seed); one opens directly, several offer a small seed picker. A run opens
// through the same path a link takes — the hash, with the run's whole config
// as the core wrote it — so the live lab above replays exactly that run.

let picker = null;

function closePicker() {
  picker?.remove();
  picker = null;
}

/** Opens the run whose config link is `link` in the live lab (in embed mode: the full page, in a new tab). */
export function openRun(link) {
  closePicker();
  if (document.body.classList.contains("embed")) {
    window.open(location.href.split("#")[0] + "#" + link, "_blank", "noopener");
    return;
  }
  location.hash = "#" + link;
  window.scrollTo({ top: 0, behavior: "instant" });
}

const fmt = (v, d) => (v === null ? "diverged" : v.toFixed(d));

/**
 * Replays one of `runs` (RunRow objects: mask, N, seed, recon, …, link):
 * the run itself when there is one, a seed picker next to `anchor` (keyboard
 * reachable: focus moves to its first seed, Escape closes it) otherwise,
 * just below `at` (a click's client position) or below `anchor`.
 */
export function replay(runs, label, anchor, at = null) {
  closePicker();
  if (runs.length === 0) return;
  if (runs.length === 1) {
    openRun(runs[0].link);
    return;
  }
  picker = document.createElement("div");
  picker.className = "seed-picker";
  picker.setAttribute("role", "dialog");
  picker.setAttribute("aria-label", `Replay a run of ${label}`);
  const h = document.createElement("p");
  h.textContent = `Replay ${label} — which seed?`;
  const list = document.createElement("div");
  list.className = "seeds";
  for (const r of runs) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.seed = String(r.seed);
    b.textContent = `seed ${r.seed}`;
    b.title = `recon ${fmt(r.recon, 4)} · specialization ${fmt(r.specialization, 3)}`;
    b.addEventListener("click", () => openRun(r.link));
    list.append(b);
  }
  const close = Object.assign(document.createElement("button"), { type: "button", className: "close", textContent: "×", title: "Close (Esc)" });
  close.addEventListener("click", closePicker);
  picker.append(close, h, list);
  picker.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      closePicker();
      anchor.focus?.();
    }
  });
  // Next to what was clicked: the panel can be taller than the screen.
  const panel = anchor.closest(".experiment");
  panel.append(picker);
  const box = panel.getBoundingClientRect();
  const near = anchor.getBoundingClientRect();
  const top = (at?.y ?? near.bottom) - box.top + 6;
  const left = Math.min((at?.x ?? near.left) - box.left, box.width - picker.offsetWidth - 8);
  picker.style.top = `${Math.max(0, top)}px`;
  picker.style.left = `${Math.max(0, left)}px`;
  list.querySelector("button").focus();
}

/**
 * Makes the SVG figure in `holder` clickable: a click is mapped from the
 * shown (scaled) SVG to the pixel of the drawing (`width × height`), and
 * `runsAt(x, y)` (the results' `runsAt` for this figure) names the nearest
 * point's runs, which are replayed.
 */
export function clickableFigure(holder, [width, height], runsAt) {
  holder.classList.add("replayable");
  holder.title = "Click a point to replay its run in the lab above";
  holder.onclick = (e) => {
    const svg = holder.querySelector("svg");
    if (!svg) return;
    const rect = svg.getBoundingClientRect();
    const x = ((e.clientX - rect.left) * width) / rect.width;
    const y = ((e.clientY - rect.top) * height) / rect.height;
    const found = runsAt(x, y);
    if (found) replay(found.runs, found.label, holder, { x: e.clientX, y: e.clientY });
  };
}
