// Reader helpers: FAQ answers open from their anchor and for printing;
// the language switcher keeps the section.
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
})();
