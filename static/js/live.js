/* Agora live layer: follows a thread over Socket.IO and keeps the page current.
   The page works without it; this only enhances (no inline script: config comes from data- attributes). */
(function () {
  "use strict";
  var section = document.querySelector("[data-live-thread]");
  if (!section || typeof window.io !== "function") { return; }

  var threadId = Number(section.dataset.liveThread);
  var pageUserId = section.dataset.userId || "";
  var commentUrl = section.dataset.commentUrl;
  var sort = section.dataset.sort || "oldest";
  var lastEventId = Number(section.dataset.lastEventId || 0);
  var seen = new Set();
  var stopped = false;
  var queue = Promise.resolve();
  var statusEl = section.querySelector("[data-live-status]");
  var presenceEl = section.querySelector("[data-presence]");
  var announcer = section.querySelector("[data-live-announcer]");
  var socket = window.io({ transports: ["websocket"], timeout: 8000 });
  var crowd = 0;

  function announce(text) {
    if (!text || !announcer) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function setStatus(text) {
    if (!statusEl) { return; }
    statusEl.hidden = false;
    statusEl.textContent = text;
  }

  function parse(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    return holder.content;
  }

  function fetchHtml(url) {
    return window.fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (response) { return response.ok ? response.text() : null; });
  }

  function region(name) {
    return document.querySelector('[data-region="' + name + '"]');
  }

  /* Re-render a region from the server, keeping what the person was typing and where focus was. */
  function refresh(name) {
    var el = region(name);
    if (!el || !el.dataset.fragmentUrl) { return Promise.resolve(); }
    return fetchHtml(el.dataset.fragmentUrl).then(function (html) {
      if (html === null) { return; }
      var drafts = {};
      el.querySelectorAll("textarea, input[type=text]").forEach(function (input) { drafts[input.id] = input.value; });
      var focusedId = el.contains(document.activeElement) ? document.activeElement.id : "";
      el.replaceChildren(parse(html));
      Object.keys(drafts).forEach(function (id) {
        var input = id && document.getElementById(id);
        if (input && el.contains(input)) { input.value = drafts[id]; }
      });
      if (focusedId && document.getElementById(focusedId)) { document.getElementById(focusedId).focus(); }
      if (stopped) { disableForms(); }
    });
  }

  /* In a crowded room, spread the fetches that follow one comment over a few seconds,
     so a thousand browsers do not ask the server for the same fragment in the same instant. */
  function jitter() {
    return crowd > 50 ? Math.random() * Math.min(3000, crowd * 3) : 0;
  }

  function fetchComment(commentId, delay) {
    return new Promise(function (resolve) { window.setTimeout(resolve, delay); })
      .then(function () { return fetchHtml(commentUrl + commentId); });
  }

  /* Insert a new comment where it belongs, or replace the one on the page. */
  function placeComment(commentId, html) {
    if (html === null) { return; }
    var wrapper = parse(html).querySelector("template[data-container]");
    if (!wrapper) { return; }
    var item = wrapper.content.firstElementChild;
    var existing = document.getElementById("comment-" + commentId);
    if (existing) {
      var article = existing.querySelector(":scope > article");
      article.replaceWith(item.querySelector(":scope > article"));
    } else {
      var container = document.getElementById(wrapper.dataset.container);
      if (!container) { return; }
      var topLevel = container.id === "thread-" + threadId + "-comments";
      if (topLevel && sort === "newest") { container.prepend(item); } else { container.append(item); }
      var empty = section.querySelector("[data-empty-thread]");
      if (empty) { empty.remove(); }
    }
    if (stopped) { disableForms(); }
  }

  /* Fetch now (jittered in a crowd), place in event order: replies never land before their parent. */
  function upsertComment(commentId) {
    var html = fetchComment(commentId, jitter());
    return function () { return html.then(function (text) { placeComment(commentId, text); }); };
  }

  function setCounts(commentId, counts) {
    var item = document.getElementById("comment-" + commentId);
    if (!item) { return; }
    var article = item.querySelector(":scope > article");
    Object.keys(counts).forEach(function (kind) {
      var span = article.querySelector('[data-count="' + kind + '"]');
      if (span) { span.textContent = counts[kind]; }
    });
  }

  function later(fn) { return function () { return fn(); }; }
  function phase() { return later(function () { refresh("status"); refresh("hands"); return refresh("composer"); }); }

  /* Each handler starts its work at once and returns the step that shows it, run in order. */
  var handlers = {
    comment_posted: function (p) { return upsertComment(p.comment_id); },
    comment_edited: function (p) { return upsertComment(p.comment_id); },
    comment_deleted: function (p) { return upsertComment(p.comment_id); },
    comment_hidden: function (p) { refresh("pinned"); return upsertComment(p.comment_id); },
    comment_restored: function (p) { return upsertComment(p.comment_id); },
    comment_pinned: function (p) { refresh("pinned"); return upsertComment(p.comment_id); },
    reactions: function (p) { return later(function () { setCounts(p.comment_id, p.counts); }); },
    thread_locked: function () { return later(function () { return refresh("composer"); }); },
    thread_unlocked: function () { return later(function () { return refresh("composer"); }); },
    slow_mode: function () { return later(function () { return refresh("composer"); }); },
    announcement: function () { return later(function () { return refresh("announcements"); }); },
    hands: function () { return later(function () { return refresh("hands"); }); },
    debate_opened: phase,
    debate_edited: phase,
    debate_closed: phase
  };

  function apply(event) {
    if (!event || event.thread_id !== threadId || seen.has(event.id)) { return; }
    seen.add(event.id);
    lastEventId = Math.max(lastEventId, event.id);
    var handler = handlers[event.kind];
    var step = handler ? handler(event.payload || {}) : null;
    /* One event at a time, in order, so replies never arrive before what they answer. */
    queue = queue.then(function () { return step ? step() : null; })
      .catch(function () { return null; })
      .then(function () {
        var payload = event.payload || {};
        if (payload.message) { announce(gettext(payload.message, payload.params)); }
      });
  }

  function disableForms() {
    document.querySelectorAll("[data-live-thread] form[method=post], [data-region] form[method=post]")
      .forEach(function (form) {
        form.querySelectorAll("button, textarea, input, select").forEach(function (el) { el.disabled = true; });
      });
  }

  function stop(reason) {
    if (stopped) { return; }
    stopped = true;
    socket.disconnect();
    setStatus(gettext("Live updates stopped. %(reason)s Reload the page to continue.", {reason: reason || ""}));
    if (presenceEl) { presenceEl.hidden = true; }
    disableForms();
    announce(gettext("Live updates stopped."));
  }

  socket.on("connect", function () {
    var since = lastEventId;
    socket.emit("join", { thread_id: threadId }, function (ack) {
      if (!ack || !ack.ok) { setStatus(gettext("Live updates are not available here.")); return; }
      setStatus(gettext("Live updates on"));
      socket.emit("catch_up", { thread_id: threadId, since: since }, function (reply) {
        if (!reply || !reply.ok) { return; }
        reply.events.forEach(apply);
        if (!reply.complete) { setStatus(gettext("Much happened while you were away; reload the page to see it all.")); }
      });
    });
  });

  socket.on("hello", function (data) {
    if (pageUserId && String(data.user_id) !== pageUserId) { stop(gettext("Your session has ended.")); }
  });
  socket.on("thread_event", apply);
  socket.on("live_stopped", function (data) { stop(data && data.reason); });
  socket.on("presence", function (data) {
    if (data.thread_id !== threadId) { return; }
    crowd = data.count;
    if (!presenceEl || stopped) { return; }
    presenceEl.hidden = false;
    presenceEl.textContent = ngettext("%(num)s person here now", "%(num)s people here now", data.count);
  });
  socket.on("disconnect", function (reason) {
    if (stopped) { return; }
    if (reason === "io server disconnect") {
      /* The server cut us off: reconnect once; 'hello' then tells whether the session still stands. */
      setStatus(gettext("Reconnecting…"));
      socket.connect();
    } else if (reason !== "io client disconnect") {
      setStatus(gettext("Connection lost; reconnecting…"));
    } else {
      setStatus(gettext("Live updates paused"));
    }
  });

  /* Countdown for timeboxed debates: "Closes in N minutes", then the server closes it. */
  var countdown = document.querySelector("[data-countdown]");
  if (countdown) {
    var tick = window.setInterval(function () {
      var el = document.querySelector("[data-countdown]");
      if (!el) { window.clearInterval(tick); return; }
      var ms = new Date(el.dataset.countdown).getTime() - Date.now();
      if (ms <= 0) {
        window.clearInterval(tick);
        refresh("status");
        refresh("composer");
        return;
      }
      var minutes = Math.ceil(ms / 60000);
      var left = minutes < 120 ? ngettext("%(num)s minute", "%(num)s minutes", minutes)
        : minutes < 2880 ? ngettext("%(num)s hour", "%(num)s hours", Math.floor(minutes / 60))
        : ngettext("%(num)s day", "%(num)s days", Math.floor(minutes / 1440));
      el.textContent = gettext("Closes in %(time)s", {time: left});
    }, 15000);
  }

  window.agoraLive = {
    socket: socket, threadId: threadId, announce: announce,
    stopped: function () { return stopped; },
    lastEventId: function () { return lastEventId; },
    /* The person's own action: show its result at once, without waiting for the broadcast. */
    showComment: function (commentId) {
      return fetchComment(commentId, 0).then(function (html) { placeComment(commentId, html); });
    }
  };
})();
