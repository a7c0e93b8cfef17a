// Celeriac monitor: a single page that polls the JSON API. No build step, no external assets.
"use strict";

const REFRESH_MS = 2000;
const main = document.getElementById("main");
let timer = null;

// Builds an element; every string child becomes text, never markup. Task args, results and
// tracebacks come from whoever published the task: never pass them through innerHTML.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

async function api(path, options) {
  const response = await fetch("/api/" + path, options);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function act(path, question) {
  if (question && !window.confirm(question)) return null;
  try {
    // The server's anti-forgery token, read fresh so a restarted monitor does not refuse the click.
    const guard = await api("token");
    const result = await api(path, { method: "POST", headers: { [guard.header]: guard.token } });
    toast("Done: " + JSON.stringify(result));
    return result;
  } catch (e) {
    toast("Failed: " + e.message);
    return null;
  }
}

function toast(text) {
  const t = document.getElementById("toast");
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 4000);
}

const badge = (state) => el("span", { class: "badge " + state }, state);
const dash = (v) => (v === null || v === undefined || v === "" ? "—" : v);
const time = (epoch) => (epoch ? new Date(epoch * 1000).toLocaleTimeString() : "—");
const secs = (s) => (s === null || s === undefined ? "—" : s < 1 ? (s * 1000).toFixed(1) + " ms" : s.toFixed(3) + " s");
// The traceback's last line names the exception and its message ("ValueError: boom").
const lastLine = (tb) => (tb ? tb.trim().split("\n").pop() : null);
const rate = (r) => (r === null || r === undefined ? "—" : r.toFixed(1) + "/s");

function table(headers, rows, empty) {
  return el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: headers.length, class: "empty" }, empty))));
}

function card(label, value, id) {
  return el("div", { class: "card", id }, el("div", { class: "n" }, value), el("div", { class: "l" }, label));
}

function drawChart(canvas, series) {
  const points = series.succeeded.map((s, i) => ({ succeeded: s, failed: series.failed[i] }));
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  canvas.width = w * ratio; canvas.height = h * ratio;
  const g = canvas.getContext("2d");
  g.scale(ratio, ratio);
  const pad = 28;
  const max = Math.max(1, ...points.map((p) => p.succeeded + p.failed));
  g.strokeStyle = "#e2e5ea"; g.fillStyle = "#6b7383"; g.font = "11px sans-serif";
  for (let i = 0; i <= 4; i++) {
    const y = pad / 2 + ((h - pad) * i) / 4;
    g.beginPath(); g.moveTo(pad, y); g.lineTo(w - 8, y); g.stroke();
    g.fillText(String(Math.round(max * (1 - i / 4))), 4, y + 4);
  }
  const bw = (w - pad - 8) / points.length;
  points.forEach((p, i) => {
    const x = pad + i * bw;
    const hs = ((h - pad) * p.succeeded) / max, hf = ((h - pad) * p.failed) / max;
    const base = h - pad / 2;
    g.fillStyle = "#2e7d32"; g.fillRect(x, base - hs, Math.max(1, bw - 0.5), hs);
    g.fillStyle = "#c62828"; g.fillRect(x, base - hs - hf, Math.max(1, bw - 0.5), hf);
  });
}

async function renderWorkers() {
  const [overview, workers] = await Promise.all([api("overview"), api("workers")]);
  const states = overview.states || {};
  const canvas = el("canvas", { id: "throughput" });
  const rows = workers.map((w) =>
    el("tr", { "data-worker": w.hostname },
      el("td", { class: "mono" }, w.hostname),
      el("td", {}, badge(w.online ? "online" : "offline")),
      el("td", {}, dash(w.pool)),
      el("td", { class: "num" }, dash(w.concurrency)),
      el("td", { class: "num" }, dash(w.active)),
      el("td", { class: "num" }, dash(w.processed)),
      el("td", { class: "mono" }, w.loadavg && w.loadavg.length ? w.loadavg.map((l) => l.toFixed(2)).join(" ") : "—"),
      el("td", {}, dash(w.software)),
      el("td", {}, time(w.lastHeartbeat)),
      el("td", {}, el("button", { class: "danger", disabled: !w.online,
        onclick: () => act("workers/" + encodeURIComponent(w.hostname) + "/shutdown",
          "Shut down " + w.hostname + "? It finishes its running tasks first.") }, "Shut down"))));
  main.replaceChildren(
    el("h1", {}, "Workers"),
    el("div", { class: "cards" },
      card("workers online", overview.workersOnline, "workers-online"),
      card("tasks held", overview.tasksHeld + " / " + overview.maxTasks),
      card("succeeded", states.SUCCESS || 0), card("failed", states.FAILURE || 0),
      card("running", states.STARTED || 0), card("events", overview.events)),
    table(["Worker", "Status", "Pool", "Concurrency", "Active", "Processed", "Load", "Software", "Last heartbeat", ""],
      rows, "No worker has sent events yet. Start workers with -E."),
    el("h2", {}, "Throughput, tasks finished per second (last 5 minutes)"),
    el("div", { class: "legend" }, el("span", {}, el("i", { class: "succeeded" }), "succeeded"),
      el("span", {}, el("i", { class: "failed" }), "failed")),
    canvas);
  drawChart(canvas, overview.throughput);
}

const taskFilter = { search: "", state: "" };

async function renderTasks() {
  const params = new URLSearchParams({ limit: "200" });
  if (taskFilter.search) params.set("search", taskFilter.search);
  if (taskFilter.state) params.set("state", taskFilter.state);
  const tasks = await api("tasks?" + params);
  let toolbar = document.getElementById("task-toolbar");
  if (!toolbar) {
    const search = el("input", { id: "task-search", type: "search", placeholder: "Search id, name, args, worker…", value: taskFilter.search });
    search.addEventListener("input", () => { taskFilter.search = search.value; refreshSoon(); });
    const state = el("select", { id: "task-state" }, el("option", { value: "" }, "any state"),
      ["PENDING", "RECEIVED", "STARTED", "SUCCESS", "FAILURE", "RETRY", "REVOKED", "REJECTED"].map((s) => el("option", { value: s }, s)));
    state.value = taskFilter.state;
    state.addEventListener("change", () => { taskFilter.state = state.value; refreshSoon(); });
    toolbar = el("div", { class: "toolbar", id: "task-toolbar" }, search, state);
    main.replaceChildren(el("h1", {}, "Tasks"), toolbar, el("div", { id: "task-table" }));
  }
  const rows = tasks.map((t) =>
    el("tr", { class: "clickable", "data-task-id": t.id, onclick: () => (location.hash = "#/tasks/" + encodeURIComponent(t.id)) },
      el("td", { class: "mono" }, dash(t.name)),
      el("td", {}, badge(t.state)),
      el("td", { class: "mono" }, dash(t.args)),
      el("td", { class: "mono" }, t.state === "SUCCESS" ? dash(t.result) : dash(lastLine(t.traceback) || t.exception)),
      el("td", { class: "num" }, secs(t.runtime)),
      el("td", { class: "mono" }, dash(t.worker)),
      el("td", {}, time(t.received || t.sent)),
      el("td", { class: "mono" }, t.id)));
  document.getElementById("task-table").replaceChildren(
    table(["Name", "State", "Args", "Result / exception", "Runtime", "Worker", "Received", "Id"], rows,
      "No task matches. Tasks appear when workers run with -E."));
}

async function renderTask(id) {
  let t;
  try {
    t = await api("tasks/" + encodeURIComponent(id));
  } catch (e) {
    main.replaceChildren(el("h1", {}, "Task " + id), el("p", { class: "empty" }, e.message));
    return;
  }
  // The result backend's copy, sent when the events lack the task's end (no -E, or history gone).
  if (t.stored) {
    t.state = t.stored.state;
    t.result = t.result ?? t.stored.result;
    t.exception = t.exception ?? t.stored.exception;
    t.traceback = t.traceback ?? t.stored.traceback;
  }
  // Celery's READY_STATES: a rejected task may be requeued and run again, so it can be revoked.
  const ready = ["SUCCESS", "FAILURE", "REVOKED"].includes(t.state);
  const field = (label, value, cls) => [el("dt", {}, label), el("dd", { class: cls, "data-field": label }, dash(value))];
  main.replaceChildren(
    el("h1", {}, dash(t.name), " ", badge(t.state)),
    el("div", { class: "toolbar" },
      el("button", { id: "revoke", class: "danger", disabled: ready,
        onclick: () => act("tasks/" + encodeURIComponent(t.id) + "/revoke", "Revoke " + t.id + "?") }, "Revoke"),
      el("button", { id: "terminate", class: "danger", disabled: ready,
        onclick: () => act("tasks/" + encodeURIComponent(t.id) + "/revoke?terminate=true", "Revoke and interrupt " + t.id + "?") }, "Revoke and terminate"),
      el("button", { onclick: () => (location.hash = "#/tasks") }, "Back to tasks")),
    el("dl", {},
      field("Id", t.id, "mono"), field("State", t.state), field("Args", t.args, "mono"),
      field("Kwargs", t.kwargs, "mono"), field("Result", t.result, "mono"),
      field("Exception", t.exception, "mono"), field("Retries", t.retries),
      field("Worker", t.worker, "mono"), field("Queue", t.queue), field("Runtime", secs(t.runtime)),
      field("ETA", t.eta), field("Sent", time(t.sent)), field("Received", time(t.received)),
      field("Started", time(t.started)), field("Finished", time(t.finished)),
      field("Parent", t.parentId, "mono"), field("Root", t.rootId, "mono")),
    ...(t.traceback ? [el("h2", {}, "Traceback"), el("pre", { id: "traceback" }, t.traceback)] : []));
}

async function renderQueues() {
  const [queues, overview] = await Promise.all([api("queues"), api("overview")]);
  const rows = queues.map((q) =>
    el("tr", { "data-queue": q.name },
      el("td", { class: "mono" }, q.name),
      el("td", { class: "num" }, q.ready),
      el("td", { class: "num" }, dash(q.unacked)),
      el("td", { class: "num" }, q.consumers),
      el("td", { class: "num" }, rate(q.publishRate)),
      el("td", { class: "num" }, rate(q.deliverRate)),
      el("td", { class: "num" }, rate(q.ackRate)),
      el("td", { class: "num" }, dash(q.deadLetters)),
      el("td", {},
        el("button", { class: "danger", onclick: () => act("queues/" + encodeURIComponent(q.name) + "/purge",
          "Drop every message waiting in " + q.name + "?") }, "Purge"), " ",
        el("button", { disabled: !q.deadLetters, onclick: () => act("queues/" + encodeURIComponent(q.name) + "/replay",
          "Put the dead letters of " + q.name + " back on it?") }, "Replay dead letters"))));
  main.replaceChildren(
    el("h1", {}, "Queues"),
    el("p", { class: "l" }, "From the " + overview.queueSource + "."),
    table(["Queue", "Ready", "Unacked", "Consumers", "Publish", "Deliver", "Ack", "Dead letters", ""], rows,
      "No queue known yet."));
}

// Entry names, tasks and schedules come from a schedule file or an app: text only, like task data.
async function renderBeat() {
  const b = await api("beat");
  const at = (iso) => (iso ? new Date(iso).toLocaleString() : null);
  const sender = b.reported
    ? el("p", { id: "beat-sender", class: b.stale ? "stale" : null },
        "Sender: ", el("span", { class: "mono" }, b.sender),
        " · since " + dash(at(b.since)) + " · reported " + secs(b.ageSeconds) + " ago",
        b.stale ? " · stale: is any beat of the group running?" : "")
    : el("p", { id: "beat-sender", class: "l" }, "No beat of group " + b.group + " has reported yet.");
  const rows = b.entries.map((e) =>
    el("tr", { "data-entry": e.name },
      el("td", { class: "mono" }, e.name),
      el("td", { class: "mono" }, e.task),
      el("td", {}, e.schedule),
      el("td", {}, e.lastRun ? at(e.lastRun) : "never"),
      el("td", {}, e.nextRun ? at(e.nextRun) : "never")));
  main.replaceChildren(
    el("h1", {}, "Beat"),
    el("p", { class: "l" }, "Group " + b.group + ", as its sender last reported."),
    sender,
    table(["Entry", "Task", "Schedule", "Last run", "Next run"], rows, "No entries reported."));
}

function route() {
  const hash = location.hash || "#/workers";
  const parts = hash.slice(2).split("/");
  const page = parts[0] || "workers";
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.page === page));
  if (page === "tasks" && parts[1]) return () => renderTask(decodeURIComponent(parts.slice(1).join("/")));
  return { workers: renderWorkers, tasks: renderTasks, queues: renderQueues, beat: renderBeat }[page]
    || renderWorkers;
}

async function refresh() {
  clearTimeout(timer);
  const status = document.getElementById("status");
  try {
    await route()();
    const o = await api("overview");
    status.textContent = (o.connected ? "connected to " : "reconnecting to ") + o.broker + " · " + new Date().toLocaleTimeString();
  } catch (e) {
    status.textContent = "monitor unreachable: " + e.message;
  }
  timer = setTimeout(refresh, REFRESH_MS);
}

function refreshSoon() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 150);
}

window.addEventListener("hashchange", () => { main.replaceChildren(); refresh(); });
refresh();
