// The page's view of every lab: LABS maps each id of the registry
// (labs/index.js) to its descriptor, the default export of its page module.
// app.js, experiments.js and settings.js work from descriptors alone and name
// no lab. Everything shared (play/pause, the hash, copy link, embed, export,
// the experiment panels' workers and progress) lives in those files.
//
// A descriptor holds:
//   title               the lab's name (page title, messages)
//   create(B, hash)     its live handle from a hash (async when it fetches data first)
//   fields              hash key → id of the control that holds it
//   extraControls, fill(params), read(params, currentConfig)
//                       optional: controls that are not one hash key each
//   chunk               steps per call inside a frame
//   total | totalOf(lab)
//                       the counter's total: the hash key that holds it, or a
//                       function of the live lab
//   unit                optional: what the counter counts (default "step")
//   slowFigures         figures redrawn only every fourth frame while playing
//   defaultShow         the figures an embed snippet shows unless show= is set
//   experiments         optional: kind → its view on the page (see experiments.js);
//                       the lab's worker module builds the same kinds
//   setup(B, page)      optional: wires the lab's own buttons once (page: the
//                       controller's API, see app.js); may return hooks:
//                       adopted(lab) whenever a handle of this lab becomes live,
//                       stepped(lab) after the page stepped it, reset(lab) after
//                       Reset, beforeDraw(lab) / afterDraw(lab, paused) around
//                       each redraw of its figures
import { REGISTRY } from "./labs/index.js";

/** Lab id → descriptor, in tab order. */
export const LABS = Object.fromEntries(await Promise.all(REGISTRY.map(async ({ id, page }) => [id, (await page()).default])));

/** The lab a hash without a (known) `lab=` opens. */
export const DEFAULT_LAB = REGISTRY[0].id;

/** The lab a hash names (`lab=…`), the default lab when absent or unknown. */
export function labOf(params) {
  const id = params.get("lab");
  return Object.hasOwn(LABS, id) ? id : DEFAULT_LAB;
}
