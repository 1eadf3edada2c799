// Builds static/dist/ from static/src/ and node_modules/: compiles our Sass and
// copies the third-party files we serve ourselves (there are no CDN links).
//
// Usage: npm ci && npm run build
//
// static/dist/ is deleted and rebuilt every time, so a file removed from this
// script disappears from the site instead of lingering. If anything fails the
// half-built folder is removed too, so a broken build cannot be served.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nodeModules = path.join(root, "node_modules");
const dist = path.join(root, "static", "dist");
const scssEntry = path.join(root, "static", "src", "scss", "main.scss");
const cssOut = path.join(dist, "css", "main.css");

const pkg = (name, ...parts) => path.join(nodeModules, name, ...parts);
const govukDist = pkg("govuk-frontend", "dist", "govuk");

// [source, destination under static/dist]. Source maps are copied alongside
// the scripts that name them: Django's ManifestStaticFilesStorage (and so
// WhiteNoise's) fails collectstatic if a sourceMappingURL points nowhere.
const copies = [
  [path.join(govukDist, "govuk-frontend.min.js"), "govuk/govuk-frontend.min.js"],
  [path.join(govukDist, "govuk-frontend.min.js.map"), "govuk/govuk-frontend.min.js.map"],

  [pkg("leaflet", "dist", "leaflet.css"), "leaflet/leaflet.css"],
  [pkg("leaflet", "dist", "leaflet.js"), "leaflet/leaflet.js"],
  [pkg("leaflet", "dist", "leaflet.js.map"), "leaflet/leaflet.js.map"],
  [pkg("leaflet", "dist", "images"), "leaflet/images"],
  [pkg("leaflet", "LICENSE"), "leaflet/LICENSE"],

  [pkg("leaflet.markercluster", "dist", "leaflet.markercluster.js"), "markercluster/leaflet.markercluster.js"],
  [pkg("leaflet.markercluster", "dist", "leaflet.markercluster.js.map"), "markercluster/leaflet.markercluster.js.map"],
  [pkg("leaflet.markercluster", "dist", "MarkerCluster.css"), "markercluster/MarkerCluster.css"],
  [pkg("leaflet.markercluster", "dist", "MarkerCluster.Default.css"), "markercluster/MarkerCluster.Default.css"],
  [pkg("leaflet.markercluster", "MIT-LICENCE.txt"), "markercluster/MIT-LICENCE.txt"],

  // Only for the accessibility checks in the browser tests; no page loads it.
  [pkg("axe-core", "axe.min.js"), "test/axe.min.js"],
  [pkg("axe-core", "LICENSE"), "test/axe-core-LICENSE"],
];

function copy(source, destination) {
  if (!existsSync(source)) {
    throw new Error(`Missing ${path.relative(root, source)}: run "npm ci" first.`);
  }
  const target = path.join(dist, destination);
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(source, target, { recursive: true });
}

function compileSass() {
  const result = sass.compile(scssEntry, {
    loadPaths: [nodeModules],
    style: "compressed",
    sourceMap: false,
    // Deprecation notices from inside govuk-frontend are for its maintainers,
    // not us; warnings from our own Sass still show.
    quietDeps: true,
  });
  mkdirSync(path.dirname(cssOut), { recursive: true });
  writeFileSync(cssOut, result.css);
  return result.css;
}

// Every url(...) in a stylesheet, minus data: URIs and fragment-only
// references (Leaflet's old-IE `url(#default#VML)`).
function cssUrls(css) {
  const urls = [];
  for (const match of css.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/g)) {
    const url = match[2].trim();
    if (url && !url.startsWith("data:") && !url.startsWith("#")) urls.push(url);
  }
  return urls;
}

// Copies the GOV.UK Frontend images our CSS actually refers to (none, today:
// see static/src/scss/_url-handlers.scss), so no unused GOV.UK branding ships.
function copyGovukAssetsUsedBy(css) {
  const assetsDir = path.join(dist, "govuk", "assets");
  for (const url of cssUrls(css)) {
    const target = path.resolve(path.dirname(cssOut), url.split(/[?#]/)[0]);
    if (target.startsWith(assetsDir + path.sep)) {
      copy(path.join(govukDist, "assets", path.relative(assetsDir, target)), path.relative(dist, target));
    }
  }
}

// Fails the build if any stylesheet we serve would load something from
// another host, a font file, or a file that is not in static/dist.
function checkStylesheet(file) {
  const css = readFileSync(file, "utf8");
  const name = path.relative(root, file);
  const problems = [];
  if (/@font-face/i.test(css)) problems.push("contains @font-face");
  for (const url of cssUrls(css)) {
    if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) {
      problems.push(`refers to another host: ${url}`);
      continue;
    }
    if (/\.(woff2?|ttf|otf|eot)([?#]|$)/i.test(url)) problems.push(`refers to a font file: ${url}`);
    const target = path.resolve(path.dirname(file), url.split(/[?#]/)[0]);
    if (!target.startsWith(dist + path.sep) || !existsSync(target) || !statSync(target).isFile()) {
      problems.push(`url(${url}) does not resolve to a file in static/dist`);
    }
  }
  if (problems.length) throw new Error(`${name}:\n  ${problems.join("\n  ")}`);
}

function build() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });

  const css = compileSass();
  copyGovukAssetsUsedBy(css);
  for (const [source, destination] of copies) copy(source, destination);

  for (const stylesheet of [
    cssOut,
    path.join(dist, "leaflet", "leaflet.css"),
    path.join(dist, "markercluster", "MarkerCluster.css"),
    path.join(dist, "markercluster", "MarkerCluster.Default.css"),
  ]) {
    checkStylesheet(stylesheet);
  }

  const kb = (statSync(cssOut).size / 1024).toFixed(1);
  console.log(`Built ${path.relative(root, dist)}/ (css/main.css ${kb} KiB)`);
}

try {
  build();
} catch (error) {
  rmSync(dist, { recursive: true, force: true });
  console.error(`Asset build failed: ${error.message}`);
  process.exit(1);
}
