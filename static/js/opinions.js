/* Opinion map live layer: redraws the map when the server pushes a new one.
   The page works without it (the map is drawn on the server); this only keeps it current. */
(function () {
  "use strict";
  var region = document.querySelector("[data-live-map]");
  if (!region || typeof window.io !== "function") { return; }
  var conversationId = Number(region.dataset.liveMap);
  var announcer = document.querySelector("[data-map-announcer]");
  var socket = window.io({ transports: ["websocket"], timeout: 8000 });
  var marker = 0;
  var pending = null;

  function announce(text) {
    if (!announcer || !text) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function redraw() {
    return window.fetch(region.dataset.fragmentUrl, { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var holder = document.createElement("template");
        holder.innerHTML = html;
        region.replaceChildren(holder.content);
        region.dataset.marker = String(marker);
      });
  }

  function watch() {
    socket.emit("watch_map", { conversation_id: conversationId }, function (reply) {
      if (reply && reply.ok) { redraw(); }
    });
  }

  socket.on("connect", watch);
  socket.on("opinion_map", function (data) {
    if (!data || data.conversation_id !== conversationId || data.marker <= marker) { return; }
    marker = data.marker;
    pending = (pending || Promise.resolve()).then(redraw).then(function () {
      announce(window.gettext(data.message, data.params));
    });
  });
}());
