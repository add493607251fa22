/* Agora live forms: post, reply, edit, flag, delete and react over the socket, in place.
   Without JavaScript (or while the socket is down) every one of these is an ordinary form
   or a link to a page with one; this file only saves the page load. Needs live.js first. */
(function () {
  "use strict";
  var live = window.agoraLive;
  var section = document.querySelector("[data-live-thread]");
  if (!live || !section) { return; }
  var socket = live.socket;
  var threadId = live.threadId;
  var VERBS = { reply: "post_comment", edit: "edit_comment", flag: "flag" };
  var DONE = { reply: gettext("Your reply is posted."), edit: gettext("Your comment is updated."),
               flag: gettext("Thank you. The moderators will look at this comment.") };

  /* Put a refusal next to the field it is about (or the first field), as the server's pages do. */
  function showError(form, message, fieldName) {
    form.querySelectorAll("[data-live-error]").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[data-form-error]").forEach(function (list) { list.hidden = true; list.replaceChildren(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      el.setAttribute("aria-describedby", (el.getAttribute("aria-describedby") || "").split(" ")
        .filter(function (id) { return id && !/-error$/.test(id); }).join(" "));
    });
    if (!message) { return; }
    var input = (fieldName && form.querySelector('[name="' + fieldName + '"]')) ||
      form.querySelector("textarea, select, input[type=text]");
    if (!input) { live.announce(message); return; }
    var list = form.querySelector("[data-form-error]");
    if (!list) {
      list = document.createElement("ul");
      list.className = "errors";
      list.id = input.id + "-live-error";
      list.setAttribute("data-live-error", "");
      input.before(list);
    }
    var item = document.createElement("li");
    item.textContent = message;
    list.append(item);
    list.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + list.id).trim());
    live.announce(message);
  }

  function closeInline(box, focusBack) {
    if (!box) { return; }
    var opener = box.opener;
    box.remove();
    if (focusBack && opener && document.contains(opener)) { opener.focus(); }
  }

  /* Give the fetched form's ids a prefix so they cannot clash with the page's own. */
  function prefixIds(form, prefix) {
    form.querySelectorAll("[id]").forEach(function (el) { el.id = prefix + el.id; });
    form.querySelectorAll("label[for]").forEach(function (el) { el.htmlFor = prefix + el.htmlFor; });
    form.querySelectorAll("[aria-describedby]").forEach(function (el) {
      el.setAttribute("aria-describedby", el.getAttribute("aria-describedby").split(" ")
        .filter(Boolean).map(function (id) { return prefix + id; }).join(" "));
    });
  }

  /* Open the reply, edit or flag form under the comment, taken from its no-JS page. */
  function openInline(link) {
    var item = link.closest("[data-comment-id]");
    var kind = link.dataset.inlineForm;
    var open = section.querySelector("[data-inline-box]");
    if (open && open.opener === link) { closeInline(open, true); return; }
    closeInline(open, false);
    window.fetch(link.href, { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { window.location.href = link.href; return; }
        var holder = document.createElement("template");
        holder.innerHTML = html;
        var form = holder.content.querySelector("main form[method=post]");
        if (!form) { window.location.href = link.href; return; }
        var box = document.createElement("div");
        box.className = "inline-form";
        box.setAttribute("data-inline-box", "");
        box.opener = link;
        form.action = link.href;
        form.dataset.inlineVerb = kind;
        form.dataset.commentId = item.dataset.commentId;
        prefixIds(form, "inline-" + item.dataset.commentId + "-");
        var cancel = document.createElement("button");
        cancel.type = "button";
        cancel.className = "button button-secondary";
        cancel.textContent = gettext("Cancel");
        cancel.addEventListener("click", function () { closeInline(box, true); });
        form.querySelector("button[type=submit], input[type=submit]").after(" ", cancel);
        box.append(form);
        item.querySelector(":scope > article").after(box);
        var first = form.querySelector("textarea, select");
        if (first) { first.focus(); }
      });
  }

  function payload(form) {
    var kind = form.dataset.inlineVerb;
    var data = new FormData(form);
    var commentId = Number(form.dataset.commentId);
    if (kind === "reply") { return { thread_id: threadId, parent_id: commentId, body: data.get("body") || "" }; }
    if (kind === "edit") { return { comment_id: commentId, body: data.get("body") || "" }; }
    return { comment_id: commentId, reason: data.get("reason") || "", details: data.get("details") || "" };
  }

  /* Send a form's verb; keep the form busy meanwhile so a double click cannot send twice. */
  function send(form, verb, data, done) {
    var fields = form.querySelectorAll("textarea, input, select, button");
    fields.forEach(function (el) { el.readOnly = true; if (el.tagName === "BUTTON") { el.disabled = true; } });
    socket.emit(verb, data, function (ack) {
      fields.forEach(function (el) { el.readOnly = false; if (el.tagName === "BUTTON") { el.disabled = live.stopped(); } });
      if (ack && ack.ok) { showError(form, ""); done(ack); }
      else { showError(form, (ack && ack.error) || "That did not work. Please try again.", ack && ack.field); }
    });
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest("a[data-inline-form]");
    if (!link || !section.contains(link) || !socket.connected || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    e.preventDefault();
    openInline(link);
  });

  document.addEventListener("keydown", function (e) {
    var box = e.key === "Escape" && e.target.closest && e.target.closest("[data-inline-box]");
    if (box) { closeInline(box, true); }
  });

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (live.stopped() && section.contains(form)) { e.preventDefault(); return; }
    if (!socket.connected || !section.contains(form)) { return; }
    if (form.matches("[data-live-post]")) {
      e.preventDefault();
      var textarea = form.querySelector("textarea");
      send(form, "post_comment", { thread_id: threadId, body: textarea.value }, function (ack) {
        textarea.value = "";
        live.showComment(ack.comment_id);
        live.announce(gettext("Your comment is posted."));
      });
    } else if (form.dataset.inlineVerb) {
      e.preventDefault();
      var kind = form.dataset.inlineVerb;
      send(form, VERBS[kind], payload(form), function (ack) {
        closeInline(form.closest("[data-inline-box]"), kind !== "reply");
        live.showComment(ack.comment_id || Number(form.dataset.commentId));
        live.announce(DONE[kind]);
      });
    } else if (form.matches("[data-live-delete]")) {
      e.preventDefault();
      var commentId = Number(form.dataset.liveDelete);
      send(form, "delete_comment", { comment_id: commentId }, function () {
        live.showComment(commentId);
        live.announce(gettext("Your comment is deleted."));
      });
    } else if (form.matches("[data-live-react]") && e.submitter) {
      e.preventDefault();
      var button = e.submitter;
      socket.emit("react", { comment_id: Number(form.dataset.liveReact), kind: button.value }, function (ack) {
        if (ack && ack.ok) { button.setAttribute("aria-pressed", ack.on ? "true" : "false"); }
        else { live.announce((ack && ack.error) || gettext("Your reaction could not be saved.")); }
      });
    }
  });
})();
