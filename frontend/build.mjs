// Builds horizons.css and copies the front-end files Horizons ships. Run: npm run build
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "../horizons/core/static";
mkdirSync(`${out}/css`, { recursive: true });
mkdirSync(`${out}/js`, { recursive: true });

const result = sass.compile("scss/horizons.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(`${out}/css/horizons.css`, result.css);

cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/js/govuk-frontend.min.js`);
// Images only: the fonts folder holds GDS Transport, which only GOV.UK may use.
cpSync("node_modules/govuk-frontend/dist/govuk/assets/images", `${out}/govuk/assets/images`, { recursive: true });
cpSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/js/htmx.min.js`);
// axe-core is for the browser tests only; it is never served to users.
mkdirSync("../tests/browser/vendor", { recursive: true });
cpSync("node_modules/axe-core/axe.min.js", "../tests/browser/vendor/axe.min.js");
console.log("built horizons.css", result.css.length, "bytes");
