// Reader helpers: FAQ answers open from their anchor and for printing;
// the language switcher keeps the section; the theme's script loads when the reader acts.
(function () {
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") el.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
  // The language switcher keeps the section: anchors are the same in every language.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (link && location.hash) {
      event.preventDefault();
      event.stopImmediatePropagation();
      location.href = link.href.split("#")[0] + location.hash;
    }
  }, true);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  // Material's script (search, sticky sidebars, contents highlight) is not needed to read:
  // it loads on the first touch, key, scroll or pointer move, so a phone shows the page
  // without first spending ~0.2 s running it. It starts on DOMContentLoaded, which has
  // passed by then, so that event is sent again once it has loaded.
  var bundle = document.currentScript && document.currentScript.getAttribute("data-theme-bundle");
  if (!bundle) return;
  var triggers = ["pointerdown", "pointermove", "touchstart", "keydown", "wheel", "scroll", "focusin"];
  function loadTheme() {
    triggers.forEach(function (name) { window.removeEventListener(name, loadTheme, true); });
    var script = document.createElement("script");
    script.src = bundle;
    script.onload = function () { document.dispatchEvent(new Event("DOMContentLoaded")); };
    document.body.appendChild(script);
  }
  triggers.forEach(function (name) {
    window.addEventListener(name, loadTheme, { capture: true, passive: true });
  });
})();
