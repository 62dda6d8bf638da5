// Zotero's own import code run on a file: the translator (RIS.js or "CSL JSON.js", from
// zotero/translators) with Zotero's item utilities (zotero/utilities: itemFromCSLJSON,
// the item/field/creator type tables, strToDate, cleanDOI), vendored unchanged under
// vendor/ (see vendor/README.md). The shim below gives a translator what the Zotero
// client gives it on a file import: Zotero.read, Zotero.Item with complete(), no hidden
// prefs (so RIS.js keeps its default, ignoreUnknown = true: unmapped tags are dropped).
// usage: node import.js "RIS"|"CSL JSON" FILE
// stdout: the items as the translator completed them (Zotero's translator item JSON).
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const VENDOR = path.join(__dirname, "vendor");
const [translatorName, file] = process.argv.slice(2);

globalThis.Zotero = { locale: "en-US", isNode: true, debug: () => {} };
Zotero.Schema = require(path.join(VENDOR, "schema.js"));
Zotero.Utilities = require(path.join(VENDOR, "utilities.js"));
Zotero.Utilities.Item = require(path.join(VENDOR, "utilities_item.js"));
Zotero.Date = require(path.join(VENDOR, "date.js"));
Zotero.Schema.init(fs.readFileSync(path.join(VENDOR, "schema-csl.json"), "utf-8"));
Zotero.Date.init(fs.readFileSync(path.join(VENDOR, "resource", "dateFormats.json"), "utf-8"));
const CachedTypes = require(path.join(VENDOR, "cachedTypes.js"));
CachedTypes.setTypeSchema(require(path.join(VENDOR, "resource", "zoteroTypeSchemaData.js")));
Object.assign(Zotero, CachedTypes);

// What a translator sees as ZU: Zotero.Utilities with the item utilities merged in, as in
// the client's translation sandbox (ZU.itemFromCSLJSON, ZU.fieldIsValidForType).
const ZU = Object.assign({}, Zotero.Utilities, Zotero.Utilities.Item);
ZU.strToDate = Zotero.Date.strToDate;

const text = fs.readFileSync(file, "utf-8");
const lines = text.split(/\r\n|\n|\r/);
let lineIndex = 0;
let charIndex = 0;
const items = [];

class Item {
  constructor(itemType) {
    this.itemType = itemType;
    this.creators = [];
    this.notes = [];
    this.tags = [];
    this.attachments = [];
    this.seeAlso = [];
  }
  // As the client saves a translator's item (Zotero.Item.fromJSON): a base field set on a type
  // that maps it is stored as the type's own field (publicationTitle of a conferencePaper is
  // its proceedingsTitle); creatorTypeID is the saver's business, not a field.
  complete() {
    const done = {};
    for (let [key, value] of Object.entries(this)) {
      if (value === undefined || key === "creatorTypeID") continue;
      const id = Zotero.ItemFields.getID(key);
      if (id && Zotero.ItemFields.isBaseField(id)) {
        const own = Zotero.ItemFields.getFieldIDFromTypeAndBase(this.itemType, id);
        if (own) key = Zotero.ItemFields.getName(own);
      }
      done[key] = value;
    }
    for (const creator of done.creators) delete creator.creatorTypeID;
    items.push(done);
  }
}

const sandbox = {
  Zotero: {
    // read() gives the next line; read(n) the next n characters (CSL JSON.js reads 1 MB chunks)
    read: (size) => {
      if (size === undefined) return lineIndex < lines.length ? lines[lineIndex++] : false;
      if (charIndex >= text.length) return false;
      const chunk = text.slice(charIndex, charIndex + size);
      charIndex += size;
      return chunk;
    },
    Item,
    debug: () => {},
    getOption: () => undefined,
    getHiddenPref: () => undefined,
    Utilities: ZU,
  },
  ZU,
  Promise,
  console,
};
sandbox.Z = sandbox.Zotero;

let source = fs.readFileSync(path.join(VENDOR, `${translatorName}.js`), "utf-8");
source = source.replace(/^\{[\s\S]*?\n\}\n/, ""); // the translator's JSON header (its metadata)
vm.createContext(sandbox);
vm.runInContext(source, sandbox, { filename: `${translatorName}.js` });

Promise.resolve(vm.runInContext("doImport()", sandbox)).then(
  () => process.stdout.write(JSON.stringify(items)),
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
    process.exit(1);
  },
);
