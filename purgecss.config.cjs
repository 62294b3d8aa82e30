// Pico trimmed to the selectors mediasi's pages use, by `make assets`: the templates, the
// scripts, and the Python and workflow files that name classes (a button's style, a badge).
module.exports = {
  content: [
    "templates/**/*.html",
    "src/mediasi/**/*.py",
    "src/mediasi/static/*.js",
    "workflows/*.yaml",
  ],
  css: ["node_modules/@picocss/pico/css/pico.min.css"],
  // A selector made only of pseudo-classes, as in Pico's `input:is(:active,:focus)`, has no
  // word to find in the content; PurgeCSS would drop it with the focus and error styles.
  safelist: { standard: [/^:/] },
  variables: true,
  keyframes: true,
  fontFace: true,
};
