/* quizgen: "My progress". Counts the answers the quizzes saved in this browser; export,
   import and reset touch only this site's keys. Runs from file:// and offline. */
(() => {
  "use strict";
  const FORMAT = "quizgen-progress";
  const ID = /^[a-z0-9][a-z0-9._-]*$/;
  const fill = (text, ...args) => text.replace(/\{(\d)\}/g, (_, i) => args[i]);
  // A message about n answers (from the messages t): its "_one" form for exactly one.
  const counted = (t, key, n, ...args) =>
    fill(n === 1 && t[key + "_one"] ? t[key + "_one"] : t[key], n, ...args);

  // Storage may be missing (private mode), blocked, full, or hold garbage: never let that throw.
  function storage() {
    try {
      return window.localStorage || null;
    } catch (e) {
      return null;
    }
  }

  // A saved answer as the quizzes write it: {r: true|false, t: ms}; strict for imported files.
  function answer(value, strict) {
    if (!value || typeof value !== "object" || typeof value.r !== "boolean") return null;
    if (Number.isFinite(value.t) && value.t >= 0) return { r: value.r, t: value.t };
    return strict ? null : { r: value.r, t: 0 };
  }

  function parse(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return null;
    }
  }

  // This site's keys (read before anything is removed, since removing shifts the indexes).
  function keys(prefix) {
    const s = storage();
    const found = [];
    try {
      for (let i = 0; s && i < s.length; i++) {
        const key = s.key(i);
        if (key && key.startsWith(prefix)) found.push(key);
      }
    } catch (e) {
      /* blocked half-way: what was listed */
    }
    return found;
  }

  // {question id: {r, t}} of every well-formed saved answer of this site.
  function saved(prefix) {
    const s = storage();
    const answers = {};
    keys(prefix).forEach((key) => {
      try {
        const value = answer(parse(s.getItem(key)), false);
        if (value) answers[key.slice(prefix.length)] = value;
      } catch (e) {
        /* unreadable: skipped */
      }
    });
    return answers;
  }

  // All or nothing: on a failure (blocked, full) the previous values are put back.
  function writeAll(prefix, answers) {
    const s = storage();
    const before = [];
    try {
      Object.keys(answers).forEach((id) => before.push([prefix + id, s.getItem(prefix + id)]));
      before.forEach(([key]) => s.setItem(key, JSON.stringify(answers[key.slice(prefix.length)])));
      return true;
    } catch (e) {
      before.forEach(([key, old]) => {
        try {
          if (old === null) s.removeItem(key);
          else s.setItem(key, old);
        } catch (e2) {
          /* nothing more to do */
        }
      });
      return false;
    }
  }

  function removeAll(prefix) {
    const s = storage();
    let removed = 0;
    keys(prefix).forEach((key) => {
      try {
        s.removeItem(key);
        removed++;
      } catch (e) {
        /* blocked */
      }
    });
    return removed;
  }

  // What an imported file holds: {answers} or {error: [message key, ...arguments]}.
  function check(data, site) {
    const plain = (v) => v && typeof v === "object" && !Array.isArray(v);
    if (!plain(data) || data.format !== FORMAT || data.version !== 1 || !plain(data.answers)) {
      return { error: ["not_progress"] };
    }
    if (data.site !== site) return { error: ["other_site", String(data.site).slice(0, 80), site] };
    const answers = {};
    for (const [id, value] of Object.entries(data.answers)) {
      answers[id] = answer(value, true);
      if (!ID.test(id) || !answers[id]) return { error: ["bad_answer", id.slice(0, 80)] };
    }
    return { answers };
  }

  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }

  function setup(box) {
    const t = JSON.parse(box.dataset.l10n);
    const modules = parse(box.dataset.modules) || [];
    const site = box.dataset.site;
    const prefix = box.dataset.store;
    const $ = (sel) => box.querySelector(sel);
    const table = $("table");
    const status = $(".quiz-progress-status");
    const confirmBox = $(".quiz-progress-confirm");
    const resetButton = $(".quiz-progress-reset");
    const input = $(".quiz-progress-import");
    const say = (text) => (status.textContent = text);

    function tally(ids, answers) {
      const got = ids.filter((id) => answers[id]);
      return { answered: got.length, correct: got.filter((id) => answers[id].r).length, total: ids.length };
    }

    function row(title, href, counts) {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      const a = document.createElement(href ? "a" : "span");
      if (href) a.href = href;
      a.textContent = title;
      th.appendChild(a);
      const meter = bar(counts.answered, counts.total, null); // the row's cells say the numbers
      meter.className = "quiz-row-bar";
      th.appendChild(meter);
      tr.appendChild(th);
      [counts.answered, counts.correct, counts.total].forEach((n) => {
        const td = document.createElement("td");
        td.textContent = String(n);
        tr.appendChild(td);
      });
      return tr;
    }

    function summary(answers) {
      const rows = modules.map((m) => ({ title: m.title, href: m.href, ...tally(m.ids, answers) }));
      const every = [...new Set(modules.flatMap((m) => m.ids))];
      return { rows, total: { title: t.total, href: "", ...tally(every, answers) } };
    }

    // The branching calls: where the path kept in this browser has got to.
    function calls() {
      const list = parse(box.dataset.scenarios) || [];
      const section = $(".quiz-progress-scenarios");
      if (!section || !list.length) return;
      const ul = section.querySelector("ul");
      ul.textContent = "";
      list.forEach((call) => {
        let path = null;
        try {
          const value = JSON.parse(storage().getItem(prefix + "scenario:" + call.id));
          path = value && Array.isArray(value.path) ? value.path : null;
        } catch (e) {
          path = null;
        }
        let at = call.start;
        (path || []).forEach(([name, index]) => {
          const node = call.nodes[name];
          if (name === at && node && node.to[index]) at = node.to[index];
        });
        const ending = call.nodes[at] && call.nodes[at].ending;
        const state = !path || !path.length ? t.call_none : ending ? t["call_" + ending] : t.call_going;
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = call.href;
        a.textContent = call.title;
        li.append(a, ": " + state);
        ul.appendChild(li);
      });
      section.hidden = false;
    }

    function render() {
      calls();
      const { rows, total } = summary(saved(prefix));
      const body = table.tBodies[0];
      body.textContent = "";
      table.tFoot.textContent = "";
      rows.forEach((r) => body.appendChild(row(r.title, r.href, r)));
      if (rows.length) table.tFoot.appendChild(row(total.title, "", total));
      else {
        const td = body.insertRow().insertCell();
        td.colSpan = 4;
        td.textContent = t.none;
      }
    }

    function download() {
      const answers = saved(prefix);
      const { rows, total } = summary(answers);
      // The counts too, so an instructor can read the file as it is.
      const counts = ({ title, answered, correct, total: n }) => ({ title, answered, correct, total: n });
      const exported = new Date().toISOString();
      const data = { format: FORMAT, version: 1, site, exported, modules: rows.map(counts), total: counts(total), answers };
      const name = `cit-progress-${site}-${today()}.json`;
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      say(counted(t, "exported", Object.keys(answers).length, name));
    }

    function importText(text, name) {
      const data = parse(text);
      if (data === null) return say(fill(t.not_json, name));
      const found = check(data, site);
      if (found.error) return say(fill(t[found.error[0]], name, ...found.error.slice(1)));
      if (!writeAll(prefix, found.answers)) return say(t.not_saved);
      render();
      say(counted(t, "imported", Object.keys(found.answers).length));
    }

    function importFile() {
      const file = input.files && input.files[0];
      if (!file) return;
      input.value = ""; // the same file can be chosen again
      if (file.size > 5e6) return say(fill(t.not_progress, file.name));
      file.text().then(
        (text) => importText(text, file.name),
        () => say(fill(t.unreadable, file.name)),
      );
    }

    function askReset() {
      const count = keys(prefix).length;
      if (!count) return say(t.empty);
      confirmBox.querySelector("[id]").textContent = counted(t, "confirm", count);
      confirmBox.hidden = false;
      confirmBox.focus();
    }

    function answerReset(yes) {
      confirmBox.hidden = true;
      resetButton.focus();
      if (!yes) return say(t.kept);
      const removed = removeAll(prefix);
      render();
      say(counted(t, "cleared", removed));
    }

    box.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      const kind = button.className;
      if (kind === "quiz-progress-export") download();
      else if (kind === "quiz-progress-reset") askReset();
      else if (kind === "quiz-progress-yes") answerReset(true);
      else if (kind === "quiz-progress-no") answerReset(false);
    });
    confirmBox.addEventListener("keydown", (event) => {
      if (event.key === "Escape") answerReset(false);
    });
    input.addEventListener("change", importFile);
    window.addEventListener("storage", render); // a quiz answered in another tab
    if (!storage()) {
      const note = $(".quiz-progress-note");
      note.textContent = t.blocked;
      note.hidden = false;
    }
    render();
    table.hidden = false;
    $(".quiz-progress-actions").hidden = false;
  }

  // A native progress bar named by the text beside it (which says the same numbers);
  // without a label it only repeats numbers shown next to it, so screen readers skip it.
  let labels = 0;
  function bar(value, max, label) {
    const meter = document.createElement("progress");
    meter.max = Math.max(max, 1);
    meter.value = value;
    if (!label) {
      meter.setAttribute("aria-hidden", "true");
      return meter;
    }
    if (!label.id) label.id = "quiz-progress-label-" + ++labels;
    meter.setAttribute("aria-labelledby", label.id);
    return meter;
  }

  // The course map: a bar and a line of progress in each module's card, a bar for the whole
  // course, and a link to the first module whose self-check is not done yet.
  function cards(box) {
    const t = JSON.parse(box.dataset.l10n);
    const answers = saved(box.dataset.store);
    const modules = (parse(box.dataset.modules) || []).filter((m) => m.ids.length);
    let done = 0;
    let next = null;
    modules.forEach((m) => {
      const got = m.ids.filter((id) => answers[id]);
      const right = got.filter((id) => answers[id].r).length;
      const complete = got.length === m.ids.length;
      if (complete) done++;
      else if (!next) next = m;
      const link = document.querySelector(`.sd-card a[href="${CSS.escape(m.href)}"]`);
      const body = link && link.closest(".sd-card").querySelector(".sd-card-body");
      if (!body) return;
      const line = document.createElement("p");
      line.className = "quiz-card-progress";
      line.textContent = complete
        ? fill(t.card_done, m.ids.length, right, Math.round((100 * right) / m.ids.length))
        : got.length
          ? fill(t.card, got.length, m.ids.length, right)
          : t.card_none;
      const meter = bar(got.length, m.ids.length, line);
      meter.className = "quiz-card-bar";
      body.append(meter, line);
    });
    if (!modules.length) return;
    box.textContent = "";
    const label = document.createElement("p");
    label.className = "quiz-course-label";
    label.textContent = fill(t.course, done, modules.length);
    const meter = bar(done, modules.length, label);
    meter.className = "quiz-course-bar";
    box.append(label, meter);
    if (next) {
      const go = document.createElement("p");
      go.className = "quiz-continue";
      const a = document.createElement("a");
      a.href = next.href;
      a.textContent = next.title;
      go.append(done || Object.keys(answers).length ? t.continue : t.begin, " ", a);
      box.append(go);
    }
    box.hidden = false;
  }

  const start = () => {
    document.querySelectorAll("[data-quiz-progress]").forEach(setup);
    document.querySelectorAll("[data-quiz-progress-cards]").forEach(cards);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
