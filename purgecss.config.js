// Only the Bootstrap the site uses: `make css` runs PurgeCSS with this file and writes
// static/vendor/bootstrap/bootstrap.purged.css, which templates/base.html links.
//
//   npx --prefix tests/browser purgecss --config purgecss.config.js \
//       --output static/vendor/bootstrap/bootstrap.purged.css
//
// PurgeCSS keeps a selector when every class, tag, id and attribute in it appears as a word
// ([A-Za-z0-9_-]+) in one of the content files below; everything else goes. So a class must
// be written out whole somewhere: `alert-{{ level }}` keeps neither alert-info nor
// alert-danger, which is what the safelist is for. tests/rules/test_purged_css.py runs this
// same purge and fails when the committed file differs: a template that starts using a new
// Bootstrap class needs `make css` (and a look at `make screens`).
//
// Environment: PURGECSS_SITE_PACKAGES, the Python site-packages holding crispy_bootstrap5 and
// Django (default: the one in .venv).
const fs = require("node:fs");
const path = require("node:path");

const root = __dirname;
const bootstrap = path.join(root, "static/vendor/bootstrap");

function sitePackages() {
  const given = process.env.PURGECSS_SITE_PACKAGES;
  if (given) return path.resolve(given);
  const lib = path.join(root, ".venv/lib");
  const pythons = fs.existsSync(lib) ? fs.readdirSync(lib).filter((d) => d.startsWith("python3")) : [];
  if (pythons.length !== 1) {
    throw new Error(`purgecss.config.js: set PURGECSS_SITE_PACKAGES (found ${pythons.length} pythons in ${lib})`);
  }
  return path.join(lib, pythons[0], "site-packages");
}
const site = sitePackages();
if (!fs.existsSync(path.join(site, "crispy_bootstrap5/templates"))) {
  // Without the form templates every form class would go: refuse rather than write that.
  throw new Error(`purgecss.config.js: no crispy_bootstrap5 templates under ${site}`);
}

// The source map describes the full file, not this one: its comment goes. The /*! licence
// header stays (PurgeCSS keeps comments).
const css = fs
  .readFileSync(path.join(bootstrap, "bootstrap.min.css"), "utf8")
  .replace(/\s*\/\*# sourceMappingURL=[^*]*\*\/\s*$/, "\n");

// Elements Bootstrap's reboot styles: kept whatever the templates say, since the staff's
// Markdown and Django's form widgets write tags that no template spells out.
const elements = [
  "html", "body", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "p", "abbr", "address", "ol", "ul",
  "dl", "dt", "dd", "li", "blockquote", "b", "strong", "small", "mark", "sub", "sup", "a", "pre",
  "code", "kbd", "samp", "figure", "img", "svg", "table", "caption", "thead", "tbody", "tfoot",
  "tr", "td", "th", "label", "button", "input", "optgroup", "select", "textarea", "fieldset",
  "legend", "output", "iframe", "summary", "progress", "main", "details", "em", "i",
];

module.exports = {
  css: [{ raw: css, name: "bootstrap.min.css" }],
  content: [
    // Every template, and the forms' templates crispy and Django render from.
    path.join(root, "templates/**/*.html"),
    path.join(site, "crispy_bootstrap5/templates/**/*.html"),
    path.join(site, "crispy_forms/**/*.py"),
    path.join(site, "crispy_bootstrap5/**/*.py"),
    path.join(site, "django/forms/templates/django/forms/**/*.html"),
    // Python that writes class names: forms (css_class=, attrs), template tags, grid classes.
    path.join(root, "{medspa,treatments,bookings,outbox,aftercare}/**/*.py"),
    // Our scripts. Bootstrap's own (which toggles collapse, show...) is not scanned: it names
    // every component's classes; the ones it adds at run time are in the safelist.
    path.join(root, "static/js/*.js"),
  ],
  skippedContentGlobs: ["**/migrations/**", "**/node_modules/**"],
  safelist: {
    standard: [
      // Built at run time: message levels, status badges, button variants, form validation.
      /^alert-/,
      /^text-bg-/,
      /^btn-/,
      /^status-/,
      /^is-(in)?valid$/,
      /^(in)?valid-(feedback|tooltip)$/,
      "was-validated",
      // Toggled by Bootstrap's JavaScript.
      "collapse",
      "collapsing",
      "collapse-horizontal",
      "collapsed",
      "show",
      "showing",
      "hiding",
      "fade",
      "active",
      "disabled",
      /^modal/,
      /^dropdown/,
      /^drop(up|end|start)$/,
      /^navbar/,
      /^visually-hidden/,
      ...elements.map((name) => new RegExp(`^${name}$`)),
    ],
  },
  // CSS variables (:root and every component's --bs-*), @font-face and @keyframes all stay.
  variables: false,
  fontFace: false,
  keyframes: false,
};
