// The oracle for the style sweep: citeproc-js renders the same items in MANY styles in one
// node process (starting node and loading citeproc-js once, not once per style).
// stdin: {"locales": {"en-US": "<xml>", ...}, "items": [...], "styles": [{"name": "...", "path": "..."}, ...]}
// stdout: one JSON line per style, in order: {"name", "entries": [[id, text], ...]} or {"name", "error"}.
const fs = require("fs");
const CSL = require("citeproc");
const { readJob, system, entries } = require("./job");

readJob((job) => {
  const sys = system(job.locales, job.items);
  const ids = job.items.map((item) => item.id);
  for (const style of job.styles) {
    let line;
    try {
      const engine = new CSL.Engine(sys, fs.readFileSync(style.path, "utf8"), job.lang || "en-US");
      engine.setOutputFormat(job.format || "text");
      engine.updateItems(ids);
      const found = entries(engine);
      if (!found) throw new Error("the style has no bibliography");
      line = { name: style.name, entries: found };
    } catch (error) {
      line = { name: style.name, error: String(error && error.message ? error.message : error).split("\n")[0] };
    }
    process.stdout.write(JSON.stringify(line) + "\n");
  }
});
