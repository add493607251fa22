/* Opinion card: with JavaScript a reaction is sent in the background and the next statement
   replaces the card, one request per click (Pol.is answers a vote with the next statement too).
   Without JavaScript, or when the request fails, the form posts and the page reloads as before. */
(function () {
  "use strict";
  if (!document.querySelector("[data-opinion-card]") || !window.fetch || !window.FormData) { return; }
  var busy = false;

  function postNormally(form, submitter) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = submitter.name;
    input.value = submitter.value;
    form.appendChild(input);
    HTMLFormElement.prototype.submit.call(form);
  }

  function swap(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var fresh = holder.content.querySelector("[data-opinion-card]");
    var card = document.querySelector("[data-opinion-card]");
    if (!fresh || !card) { return false; }
    card.replaceWith(fresh);
    var heading = fresh.querySelector("h2");
    if (heading) { heading.focus(); }
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var card = document.querySelector("[data-opinion-card]");
    if (!card || !card.contains(form) || !form.classList.contains("reactions") || !submitter || !submitter.name) { return; }
    event.preventDefault();
    if (busy) { return; }
    busy = true;
    var data = new FormData(form);
    data.append(submitter.name, submitter.value);
    window.fetch(form.action, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        busy = false;
        if (!swap(html)) { postNormally(form, submitter); }
      })
      .catch(function () { busy = false; postNormally(form, submitter); });
  });
}());
