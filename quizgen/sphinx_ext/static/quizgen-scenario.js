/* quizgen: branching scenarios. Turns the paper form the page holds (every step, numbered)
   into a player: one step at a time, choices as buttons, the feedback on each choice, Back,
   Start again, and at an ending a debrief of the path taken. Runs from file:// and offline;
   the path is kept in this browser only. */
(() => {
  "use strict";
  const fill = (text, ...args) => text.replace(/\{(\d)\}/g, (_, i) => args[i]);
  const make = (tag, className, text) => {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  };

  const store = {
    get(key) {
      try {
        const value = JSON.parse(localStorage.getItem(key));
        return value && Array.isArray(value.path) ? value.path : null;
      } catch (e) {
        return null;
      }
    },
    set(key, path) {
      try {
        localStorage.setItem(key, JSON.stringify({ path, t: Date.now() }));
      } catch (e) {
        /* full or unavailable: the scenario still plays */
      }
    },
  };

  function setup(root) {
    const graph = JSON.parse(root.dataset.scenario);
    const t = JSON.parse(root.dataset.l10n);
    const key = root.dataset.store + "scenario:" + graph.id;
    const byId = (id) => document.getElementById(id);
    const step = (name) => byId(graph.nodes[name].id);
    const choiceText = (name, index) =>
      step(name).querySelectorAll(".scenario-choices > li .scenario-choice")[index];
    // Why a choice helps or hurts: the paper form's feedback entry, without its "3b:" label.
    function feedback(name, index) {
      const box = make("div", "scenario-feedback-text");
      byId(`${graph.nodes[name].id}-why-${index}`).childNodes.forEach((child) => {
        if (!(child.classList && child.classList.contains("scenario-feedback-label"))) box.append(copy(child));
      });
      return box;
    }
    let path = []; // [[node, choice index], ...]

    // A saved path is used only as far as it still fits the scenario.
    function valid(saved) {
      const kept = [];
      let at = graph.start;
      for (const [name, index] of saved || []) {
        const node = graph.nodes[name];
        if (name !== at || !node || !node.choices[index]) break;
        kept.push([name, index]);
        at = node.choices[index].to;
      }
      return kept;
    }

    const current = () => (path.length ? graph.nodes[path[path.length - 1][0]].choices[path[path.length - 1][1]].to : graph.start);

    // The content of the paper form, copied without its ids (they stay unique on the page).
    function copy(el) {
      const clone = el.cloneNode(true);
      if (clone.nodeType !== 1) return clone;
      clone.removeAttribute("id");
      clone.querySelectorAll("[id]").forEach((c) => c.removeAttribute("id"));
      return clone;
    }

    const player = make("div", "scenario-player");
    const view = make("div", "scenario-view");
    const controls = make("p", "scenario-controls");
    const back = make("button", "scenario-back", t.back);
    const restart = make("button", "scenario-restart", t.restart);
    back.type = restart.type = "button";
    controls.append(back, " ", restart);
    player.append(view, controls);

    function totals() {
      const sums = Object.fromEntries(graph.dimensions.map((d) => [d, 0]));
      path.forEach(([name, index]) => {
        Object.entries(graph.nodes[name].choices[index].effects || {}).forEach(([d, v]) => (sums[d] += v));
      });
      return sums;
    }

    function debrief() {
      const box = make("div", "scenario-replay");
      box.append(make("h4", "", t.path));
      if (!path.length) box.append(make("p", "", t.none));
      const list = make("ol");
      path.forEach(([name, index]) => {
        const item = make("li");
        const chosen = make("p", "scenario-chosen");
        chosen.append(make("strong", "", fill(t.step, graph.nodes[name].n) + ": "), copy(choiceText(name, index)));
        item.append(chosen, copy(feedback(name, index)));
        list.append(item);
      });
      if (path.length) box.append(list);
      box.append(make("h4", "", t.totals));
      const sums = make("ul", "scenario-totals");
      Object.entries(totals()).forEach(([d, v]) => sums.append(make("li", "", `${t[d] || d}: ${v > 0 ? "+" : ""}${v}`)));
      box.append(sums);
      return box;
    }

    function render(focus) {
      const name = current();
      const node = graph.nodes[name];
      view.textContent = "";
      const heading = make("h3", "scenario-heading", fill(t.step, node.n) + (node.ending ? ` (${t[node.ending]})` : ""));
      heading.tabIndex = -1;
      view.append(heading);
      if (path.length) {
        const [from, index] = path[path.length - 1];
        const last = make("div", "scenario-last");
        const chosen = make("p", "scenario-chosen");
        chosen.append(make("strong", "", t.chose.replace("{0}", "")), copy(choiceText(from, index)));
        const why = make("div", "scenario-why");
        why.append(make("strong", "", t.why), feedback(from, index));
        last.append(chosen, why);
        view.append(last);
      }
      view.append(copy(step(name).querySelector(".scenario-text")));
      if (node.ending) {
        view.append(copy(step(name).querySelector(".scenario-debrief")), debrief());
      } else {
        const list = make("ul", "scenario-buttons");
        node.choices.forEach((choice, index) => {
          const button = make("button", "scenario-option");
          button.type = "button";
          button.append(...copy(choiceText(name, index)).childNodes);
          button.addEventListener("click", () => {
            path.push([name, index]);
            store.set(key, path);
            render(true);
          });
          const item = make("li");
          item.append(button);
          list.append(item);
        });
        view.append(list);
      }
      back.disabled = !path.length;
      if (focus) heading.focus();
    }

    back.addEventListener("click", () => {
      path.pop();
      store.set(key, path);
      render(true);
    });
    restart.addEventListener("click", () => {
      path = [];
      store.set(key, path);
      render(true);
    });

    path = valid(store.get(key));
    root.querySelectorAll(":scope > .scenario-step, :scope > .scenario-why, :scope > .scenario-feedback-list").forEach((el) => (el.hidden = true));
    root.append(player);
    root.classList.add("scenario-ready");
    render(false);
  }

  const start = () => document.querySelectorAll("[data-scenario]").forEach(setup);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
