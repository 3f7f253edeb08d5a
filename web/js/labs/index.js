// The registry of labs, in tab order (the first is the page's default lab).
// Each line names a lab's page module — its descriptor: how to create it, its
// controls, stepping and drawing hints, its experiments' views and its extras —
// and, if it runs experiments, its worker module, which builds them from the
// bindings without touching the DOM. Modules load only when asked, so a worker
// reading this file never loads a page module.
//
// A new lab: one line here, its modules, and its section in index.html.
// What a descriptor may hold is described in ../labs.js.

/** `{ id, page, worker? }` per lab: `page()` / `worker()` import its modules. */
export const REGISTRY = [
  { id: "prototypes", page: () => import("./prototypes.js"), worker: () => import("./prototypes.worker.js") },
  { id: "abstraction", page: () => import("./abstraction.js"), worker: () => import("./abstraction.worker.js") },
  { id: "latent-field", page: () => import("./latent-field.js"), worker: () => import("./latent-field.worker.js") },
  { id: "capacity", page: () => import("./capacity.js"), worker: () => import("./capacity.worker.js") },
];
