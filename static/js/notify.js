// The live notification badge: shares the page's Socket.IO connection, never steals focus.
(function () {
  "use strict";
  var link = document.getElementById("notifications-link");
  if (!link || typeof io !== "function") { return; }
  var announcer = document.getElementById("notify-announcer");
  var socket = io({ transports: ["websocket"], timeout: 8000 });
  // The server says hello once this socket is in the person's room: from then on nothing is missed.
  socket.on("hello", function () { link.dataset.live = "connected"; });
  socket.on("notification", function (data) {
    var badge = link.querySelector(".badge");
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "badge";
      link.appendChild(document.createTextNode(" "));
      link.appendChild(badge);
    }
    badge.textContent = String(data.unread);
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " " + gettext("unread");
    badge.appendChild(hidden);
    if (announcer) { announcer.textContent = gettext("New notification: %(message)s", {message: data.message}); }
  });
})();
