/* quizgen: one module as a SCORM 1.2 SCO. This launch page stays loaded while the trainee
   moves through the module in the frame below, so the LMS session is opened once and
   finished once. It reports the module's self-check (status, score) and keeps its answers
   in cmi.suspend_data. Every LMS call is checked; an LMS that fails never breaks the page,
   and without an LMS the module opens as on the web site. */
(() => {
  "use strict";
  const cfg = JSON.parse(document.getElementById("quizgen-scorm").textContent);
  const FORMAT = "qg1;"; // suspend data this script writes starts with it
  const started = Date.now();
  let api = null;
  let finished = false;
  let sent = "";

  // SCORM 1.2's discovery: this window and its parents, then the opener and its parents.
  function find(win) {
    for (let depth = 0; win && depth < 8; depth++) {
      try {
        if (win.API) return win.API;
        if (!win.parent || win.parent === win) return null;
        win = win.parent;
      } catch (e) {
        return null; // a parent from another origin: no API there
      }
    }
    return null;
  }

  function discover() {
    const found = find(window);
    if (found) return found;
    try {
      return window.opener ? find(window.opener) : null;
    } catch (e) {
      return null;
    }
  }

  function warn(method, arg, problem) {
    try {
      console.warn(`quizgen SCORM: ${method}(${arg === undefined ? "" : arg}) failed: ${problem}`);
    } catch (e) {
      /* no console */
    }
  }

  // One LMS call: its result as text, or null when it fails in any way (never throws).
  function call(method, ...args) {
    if (!api) return null;
    try {
      const result = api[method](...args);
      const code = String(api.LMSGetLastError());
      if (code !== "0" && code !== "") {
        let text = code;
        try {
          text = `${code} ${api.LMSGetErrorString(code)}`;
        } catch (e) {
          /* the code is enough */
        }
        warn(method, args[0], text);
        return null;
      }
      if (String(result) === "false" && method !== "LMSGetValue") {
        warn(method, args[0], "returned false");
        return null;
      }
      return result === undefined || result === null ? "" : String(result);
    } catch (e) {
      warn(method, args[0], e);
      return null;
    }
  }

  // The browser's copy of the answers, as the quiz keeps them: {r: true|false, t: ms}.
  const local = {
    get(id) {
      try {
        const value = JSON.parse(localStorage.getItem(cfg.store + id));
        return value && typeof value.r === "boolean" ? value : null;
      } catch (e) {
        return null;
      }
    },
    set(id, value) {
      try {
        if (value) localStorage.setItem(cfg.store + id, JSON.stringify(value));
        else localStorage.removeItem(cfg.store + id);
      } catch (e) {
        /* storage blocked: the quiz still works, nothing is kept */
      }
    },
  };

  // "qg1;id,1,t;id,0,t": result and time (seconds, base 36) per answered question.
  function encode(answers, times) {
    const entries = answers.map(([id, value]) => {
      const seconds = times && value.t > 0 ? "," + Math.floor(value.t / 1000).toString(36) : "";
      return `${id},${value.r ? 1 : 0}${seconds}`;
    });
    return FORMAT + entries.join(";");
  }

  function suspendData(answers) {
    let text = encode(answers, true);
    if (text.length > cfg.limit) text = encode(answers, false);
    while (text.length > cfg.limit) text = text.slice(0, text.lastIndexOf(";"));
    return text;
  }

  // {id: {r, t}} from suspend data; null when it is not ours (another tool's, or garbage).
  function decode(text) {
    if (typeof text !== "string" || !text.startsWith(FORMAT)) return null;
    const known = new Set(cfg.questions);
    const answers = {};
    text
      .slice(FORMAT.length)
      .split(";")
      .forEach((entry) => {
        const [id, result, time] = entry.split(",");
        if (!known.has(id) || (result !== "0" && result !== "1")) return;
        const seconds = parseInt(time || "0", 36);
        answers[id] = { r: result === "1", t: Number.isFinite(seconds) ? seconds * 1000 : 0 };
      });
    return answers;
  }

  function answered() {
    return cfg.questions.map((id) => [id, local.get(id)]).filter(([, value]) => value);
  }

  // Status, score and answers to the LMS, when they changed since the last report.
  function report() {
    if (!api || finished) return;
    const answers = answered();
    const total = cfg.questions.length;
    const right = answers.filter(([, value]) => value.r).length;
    const score = total ? Math.round((100 * right) / total) : 0;
    const complete = total > 0 && answers.length === total;
    const status = complete ? (score >= cfg.mastery ? "passed" : "failed") : "incomplete";
    const data = suspendData(answers);
    const state = [status, answers.length ? score : "", data].join("|");
    if (state === sent) return;
    sent = state;
    call("LMSSetValue", "cmi.core.lesson_status", status);
    if (answers.length) {
      call("LMSSetValue", "cmi.core.score.min", "0");
      call("LMSSetValue", "cmi.core.score.max", "100");
      call("LMSSetValue", "cmi.core.score.raw", String(score));
    }
    call("LMSSetValue", "cmi.suspend_data", data);
    call("LMSCommit", "");
  }

  function sessionTime() {
    const seconds = Math.floor((Date.now() - started) / 1000);
    const pad = (n, width) => String(n).padStart(width, "0");
    const hours = Math.min(Math.floor(seconds / 3600), 9999);
    return `${pad(hours, 4)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  }

  function finish() {
    if (!api || finished) return;
    report();
    finished = true;
    call("LMSSetValue", "cmi.core.exit", "suspend");
    call("LMSSetValue", "cmi.core.session_time", sessionTime());
    call("LMSCommit", "");
    call("LMSFinish", "");
  }

  // Whose answers this browser holds: the LMS's learner id, kept beside the answers.
  function sameLearner() {
    const learner = call("LMSGetValue", "cmi.core.student_id") || "";
    const key = "quizgen-scorm-learner:" + cfg.store;
    try {
      const same = learner !== "" && localStorage.getItem(key) === learner;
      localStorage.setItem(key, learner);
      return same;
    } catch (e) {
      return false;
    }
  }

  // The LMS's answers become the browser's: on a shared computer another trainee's answers
  // must not count, and on a new computer the trainee's own come back. The same trainee's
  // newer answers in this browser (given while another module's window was open) are kept.
  function restore() {
    const same = sameLearner();
    const saved = decode(call("LMSGetValue", "cmi.suspend_data")) || {};
    cfg.questions.forEach((id) => {
      const lms = saved[id] || null;
      const here = same ? local.get(id) : null;
      local.set(id, here && (!lms || here.t > lms.t) ? here : lms);
    });
    const status = call("LMSGetValue", "cmi.core.lesson_status");
    if (status === "not attempted" || status === "") {
      call("LMSSetValue", "cmi.core.lesson_status", "incomplete");
      call("LMSCommit", "");
    }
  }

  function show() {
    const frame = document.createElement("iframe");
    frame.title = document.title;
    frame.src = cfg.page;
    frame.addEventListener("load", report);
    document.body.appendChild(frame);
  }

  api = discover();
  if (api && call("LMSInitialize", "") === null) api = null; // the LMS refused: no tracking
  if (!api) {
    window.location.replace(cfg.page); // no LMS: the module, as on the web site
    return;
  }
  restore();
  window.addEventListener("storage", (event) => {
    if (event.key === null || event.key.startsWith(cfg.store)) report();
  });
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  show();
})();
