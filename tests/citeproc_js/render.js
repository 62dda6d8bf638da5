// The oracle: citeproc-js renders a bibliography from CSL-JSON items, a style and locales.
// stdin: {"style": "<xml>", "locales": {"en-US": "<xml>", ...}, "items": [...], "format": "text"|"html"}
// stdout: {"entries": [[id, text], ...]} in the order citeproc-js prints them.
const CSL = require("citeproc");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const byId = Object.fromEntries(job.items.map((item) => [item.id, item]));
  const sys = {
    retrieveLocale: (lang) => job.locales[lang] || job.locales["en-US"],
    retrieveItem: (id) => byId[id],
  };
  const engine = new CSL.Engine(sys, job.style, job.lang || "en-US");
  engine.setOutputFormat(job.format || "text");
  engine.updateItems(job.items.map((item) => item.id));
  const [params, entries] = engine.makeBibliography();
  const out = params.entry_ids.map((ids, index) => [ids[0], entries[index].trim()]);
  process.stdout.write(JSON.stringify({ entries: out }));
});
