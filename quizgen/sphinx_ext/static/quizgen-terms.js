/* Glossary terms in place (quizgen.sphinx_ext.glossary).
 *
 * Each link to a glossary term is described by its definition (aria-describedby),
 * and shows it in a tooltip on hover and on keyboard focus. The tooltip stays while
 * the pointer is over the link or the tooltip, and Escape closes it (WCAG 1.4.13).
 * Following the link still opens the glossary.
 */
(function () {
  "use strict";
  var PREFIX = "qg-def-";
  var tip = null;
  var owner = null;
  var hideTimer = 0;

  function definitionOf(link) {
    var href = link.getAttribute("href") || "";
    var hash = href.indexOf("#");
    if (hash < 0) return null;
    return document.getElementById(PREFIX + decodeURIComponent(href.slice(hash + 1)));
  }

  function place(link) {
    var box = link.getBoundingClientRect();
    var width = Math.min(352, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    tip.style.maxWidth = width + "px";
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = box.bottom + window.scrollY + 6 + "px";
  }

  function show(link) {
    var definition = definitionOf(link);
    if (!definition) return;
    clearTimeout(hideTimer);
    owner = link;
    tip.textContent = definition.textContent;
    tip.hidden = false;
    place(link);
  }

  function hide() {
    clearTimeout(hideTimer);
    tip.hidden = true;
    owner = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (owner && (owner === document.activeElement || owner.matches(":hover") || tip.matches(":hover"))) return;
      hide();
    }, 300);
  }

  function start() {
    var links = document.querySelectorAll("a.qg-term");
    if (!links.length) return;
    tip = document.createElement("div");
    tip.className = "qg-term-tip";
    tip.id = "qg-term-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    tip.addEventListener("mouseleave", hideSoon);
    Array.prototype.forEach.call(links, function (link) {
      var definition = definitionOf(link);
      if (!definition) return;
      link.setAttribute("aria-describedby", definition.id);
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("mouseleave", hideSoon);
      link.addEventListener("blur", hideSoon);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !tip.hidden) hide();
    });
    window.addEventListener("resize", function () { if (owner) place(owner); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
