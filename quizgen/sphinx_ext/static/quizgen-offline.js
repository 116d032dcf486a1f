/* quizgen: the course as an app that installs and works offline, when it is served over
   HTTP(S). From file:// (the zip) or inside another page's frame (an LMS) it does nothing. */
(() => {
  "use strict";
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  try {
    if (window.top !== window) return;
  } catch (e) {
    return;
  }
  const t = JSON.parse(document.currentScript.dataset.l10n);
  const root = document.documentElement.dataset.content_root || "./";
  const link = document.createElement("link");
  link.rel = "manifest";
  link.href = root + "manifest.webmanifest";
  document.head.appendChild(link);
  let asked = false;

  // A newer build is installed and waiting: say so, and switch to it when asked.
  function notice(worker) {
    if (document.querySelector(".quizgen-update")) return;
    const box = document.createElement("div");
    box.className = "quizgen-update";
    box.setAttribute("role", "status");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = t.reload;
    button.addEventListener("click", () => {
      asked = true;
      worker.postMessage("quizgen:update");
    });
    box.append(t.available + " ", button);
    document.body.append(box);
  }

  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (asked) location.reload();
  });
  window.addEventListener("load", () => {
    navigator.serviceWorker
      .register(root + "sw.js")
      .then((registration) => {
        if (registration.waiting && navigator.serviceWorker.controller) notice(registration.waiting);
        registration.addEventListener("updatefound", () => {
          const worker = registration.installing;
          worker.addEventListener("statechange", () => {
            if (worker.state === "installed" && navigator.serviceWorker.controller) notice(worker);
          });
        });
      })
      .catch(() => {
        /* no offline copy: the site works online as before */
      });
  });
})();
