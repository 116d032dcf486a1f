/* quizgen: self-check quizzes. Runs from file:// and offline; nothing leaves the browser. */
(() => {
  "use strict";
  const all = (el, sel) => [...el.querySelectorAll(sel)];
  const fold = (s) => s.replace(/\s+/g, " ").trim().toLowerCase();
  const fill = (text, ...args) => text.replace(/\{(\d)\}/g, (_, i) => args[i]);

  // Storage may be missing (private mode), full, or hold garbage: never let that throw.
  const store = {
    get(key) {
      try {
        const value = JSON.parse(localStorage.getItem(key));
        return value && typeof value.r === "boolean" ? value : null;
      } catch (e) {
        return null;
      }
    },
    set(key, value) {
      try {
        localStorage.setItem(key, JSON.stringify(value));
      } catch (e) {
        /* full or unavailable: the quiz still works */
      }
    },
    remove(key) {
      try {
        localStorage.removeItem(key);
      } catch (e) {
        /* unavailable */
      }
    },
  };

  function shuffle(list) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  // Put children back in a random order (never the given order when there is a choice).
  function reorder(parent, children) {
    let order = shuffle(children.slice());
    for (let tries = 0; tries < 5 && children.length > 1 && order.every((c, i) => c === children[i]); tries++) {
      order = shuffle(order);
    }
    order.forEach((child) => parent.appendChild(child));
  }

  function setup(quiz) {
    const t = JSON.parse(quiz.dataset.l10n);
    const prefix = quiz.dataset.store;
    const questions = all(quiz, "[data-quiz-question]");
    const count = Math.min(+quiz.dataset.count || questions.length, questions.length);
    const score = quiz.querySelector(".quiz-score");
    const results = new Map();
    let shown = [];

    const key = (q) => prefix + q.dataset.quizQuestion;
    const status = (q) => q.querySelector(".quiz-status");

    function showLast(q) {
      const last = store.get(key(q));
      const note = q.querySelector(".quiz-last");
      note.hidden = !last;
      note.textContent = last ? (last.r ? t.last_ok : t.last_bad) : "";
    }

    function reset(q) {
      all(q, "input, textarea").forEach((i) => (i.type === "radio" || i.type === "checkbox" ? (i.checked = false) : (i.value = "")));
      all(q, "select").forEach((s) => {
        s.value = "";
        reorder(s, all(s, "option[value]:not([value=''])"));
      });
      all(q, ".quiz-feedback, .quiz-explanation, .quiz-model, .quiz-rubric, .quiz-marks").forEach((el) => (el.hidden = true));
      all(q, "[data-state]").forEach((el) => el.removeAttribute("data-state"));
      status(q).textContent = "";
      const choices = q.querySelector(".quiz-choices");
      if (choices && q.dataset.shuffle === "true") reorder(choices, all(choices, ".quiz-choice"));
      const items = q.querySelector(".quiz-items");
      if (items) reorder(items, all(items, ".quiz-item").sort((a, b) => a.dataset.index - b.dataset.index));
      showLast(q);
    }

    function attempt() {
      results.clear();
      score.textContent = "";
      const drawn = shuffle(questions.slice()).slice(0, count);
      shown = questions.filter((q) => drawn.includes(q));
      questions.forEach((q) => {
        q.hidden = !shown.includes(q);
        reset(q);
      });
    }

    function record(q, ok) {
      results.set(q, ok);
      store.set(key(q), { r: ok, t: Date.now() });
      let right = 0;
      results.forEach((r) => (right += r ? 1 : 0));
      score.textContent = fill(t.score, right, shown.length);
    }

    // Correct or not; null when there is no answer yet.
    function grade(q, answer) {
      const type = q.dataset.type;
      if (type === "order") return all(q, ".quiz-item").every((li, i) => +li.dataset.index === i);
      if (type === "match") {
        const selects = all(q, "select");
        if (selects.some((s) => !s.value)) return null;
        return selects.every((s) => s.value === s.closest(".quiz-pair").dataset.index);
      }
      if (type === "text" || type === "numeric") {
        const value = q.querySelector(".quiz-response input").value;
        if (!fold(value)) return null;
        if (type === "text") return answer.accept.some((a) => fold(a) === fold(value));
        const number = Number(value.trim().replace(",", "."));
        return Number.isFinite(number) && Math.abs(number - answer.answer) <= answer.tolerance + 1e-9;
      }
      const chosen = all(q, "input:checked").map((i) => +i.value);
      if (!chosen.length) return null;
      return chosen.length === answer.correct.length && chosen.every((i) => answer.correct.includes(i));
    }

    function mark(q, answer) {
      all(q, ".quiz-choice").forEach((c) => {
        const index = +c.dataset.index;
        const picked = c.querySelector("input").checked;
        if (answer.correct.includes(index)) c.dataset.state = "correct";
        else if (picked) c.dataset.state = "incorrect";
      });
    }

    // The live region says the verdict, then the chosen options' feedback and the explanation.
    function explain(q, verdict, extra) {
      const box = status(q);
      box.textContent = "";
      const p = document.createElement("p");
      p.className = "quiz-verdict";
      p.textContent = verdict;
      box.appendChild(p);
      extra.forEach((el) => {
        const copy = el.cloneNode(true);
        copy.hidden = false;
        all(copy, "[id]").forEach((c) => c.removeAttribute("id"));
        box.appendChild(copy);
      });
    }

    function check(q) {
      const answer = JSON.parse(q.dataset.answer);
      if (q.dataset.type === "essay") {
        all(q, ".quiz-model, .quiz-rubric, .quiz-marks").forEach((el) => (el.hidden = false));
        explain(q, t.essay, [q.querySelector(".quiz-explanation")]);
        return;
      }
      const ok = grade(q, answer);
      if (ok === null) {
        explain(q, t.unanswered, []);
        return;
      }
      if (answer.correct) mark(q, answer);
      const feedback = all(q, ".quiz-choice").filter((c) => c.querySelector("input").checked);
      const notes = feedback.map((c) => c.querySelector(".quiz-feedback")).filter(Boolean);
      explain(q, ok ? t.correct : t.incorrect, [...notes, q.querySelector(".quiz-explanation")]);
      record(q, ok);
      showLast(q);
    }

    function move(button, step) {
      const item = button.closest(".quiz-item");
      const list = item.parentNode;
      const items = all(list, ".quiz-item");
      const to = items.indexOf(item) + step;
      if (to >= 0 && to < items.length) {
        list.insertBefore(item, step < 0 ? items[to] : items[to].nextSibling);
        button.focus();
      }
      const text = item.querySelector(".quiz-item-text").textContent;
      status(button.closest("[data-quiz-question]")).textContent = fill(t.moved, text, all(list, ".quiz-item").indexOf(item) + 1, items.length);
    }

    quiz.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      const q = button.closest("[data-quiz-question]");
      const kind = button.className;
      if (kind === "quiz-check") check(q);
      else if (kind === "quiz-up") move(button, -1);
      else if (kind === "quiz-down") move(button, 1);
      else if (kind === "quiz-self") {
        record(q, button.dataset.self === "1");
        status(q).querySelector(".quiz-verdict").textContent = button.dataset.self === "1" ? t.correct : t.incorrect;
        showLast(q);
      } else if (kind === "quiz-retry") attempt();
      else if (kind === "quiz-reset") {
        questions.forEach((question) => {
          store.remove(key(question));
          showLast(question);
        });
        score.textContent = t.reset;
      }
    });
    quiz.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.matches(".quiz-response input")) {
        event.preventDefault();
        check(event.target.closest("[data-quiz-question]"));
      }
    });
    quiz.classList.add("quiz-ready");
    attempt();
  }

  const start = () => all(document, "[data-quiz]").forEach(setup);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
