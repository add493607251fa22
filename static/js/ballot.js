// Live totals on the ballot page. The server still checks every ballot; this only helps.
// Words come from the page's catalogue (i18n.js), amounts as the server writes them (formatMoney).
(function () {
  "use strict";
  var list = document.querySelector("[data-budget]");
  var out = document.getElementById("basket-total");
  if (list && out) {
    var budget = Number(list.getAttribute("data-budget"));
    var currency = list.getAttribute("data-currency") || "";
    var money = function (amount) { return window.formatMoney(amount, currency); };
    var update = function () {
      var total = 0;
      list.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
        total += Number(box.getAttribute("data-cost"));
      });
      var left = budget - total;
      var values = { total: money(total), budget: money(budget), left: money(Math.abs(left)) };
      out.textContent = left < 0
        ? gettext("Your basket: %(total)s of %(budget)s — over the budget by %(left)s", values)
        : gettext("Your basket: %(total)s of %(budget)s (%(left)s left)", values);
      out.classList.toggle("over", left < 0);
    };
    out.hidden = false;
    list.addEventListener("change", update);
    update();
  }
  var points = document.querySelector("[data-total]");
  var pointsOut = document.getElementById("points-total");
  if (points && pointsOut) {
    var cap = Number(points.getAttribute("data-total"));
    var sum = function () {
      var used = 0;
      points.querySelectorAll("input[type=number]").forEach(function (input) {
        used += Number(input.value) || 0;
      });
      var values = { used: window.formatNumber(used), total: window.formatNumber(cap) };
      pointsOut.textContent = used > cap
        ? gettext("Points used: %(used)s of %(total)s — too many", values)
        : gettext("Points used: %(used)s of %(total)s", values);
      pointsOut.classList.toggle("over", used > cap);
    };
    pointsOut.hidden = false;
    points.addEventListener("input", sum);
    sum();
  }
})();
