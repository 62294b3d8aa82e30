// mediasi: nothing inline (the Content-Security-Policy forbids it); htmx does the rest.
// A refused HTMX request (403, 404 …) is not swapped into its target: its message, an alert
// rendered by the server with every value escaped, is shown at the top of the page instead.
document.addEventListener("htmx:responseError", function (event) {
  var xhr = event.detail.xhr;
  var flash = document.getElementById("flash");
  if (xhr.status >= 400 && xhr.status < 500 && flash && xhr.responseText.indexOf('class="alert') !== -1) {
    flash.innerHTML = xhr.responseText;
    flash.scrollIntoView({ behavior: "smooth", block: "start" });
  } else if (xhr.status >= 500) {
    alert("Terjadi kesalahan di server (" + xhr.status + "). Coba lagi. / Server error, please retry.");
  }
});

// A select whose option groups follow another field (data-follows="<its id>", each group
// data-when="<a value of it>") offers only the group of the value chosen there: the report
// form's categories follow the case type. Without JavaScript every group shows, labelled by
// its type, and the server refuses a category of another type by name.
var followedGroups = new WeakMap();
function followChoice(select) {
  var source = document.getElementById(select.dataset.follows);
  if (!source) return;
  var groups = followedGroups.get(select);
  if (!groups) {
    groups = Array.prototype.slice.call(select.querySelectorAll("optgroup[data-when]"));
    followedGroups.set(select, groups);
  }
  var chosen = select.value;
  groups.forEach(function (group) { if (group.parentNode) group.parentNode.removeChild(group); });
  groups.forEach(function (group) { if (group.dataset.when === source.value) select.appendChild(group); });
  select.value = chosen; // kept when the new type has the same category ("Lainnya")
  if (select.value !== chosen) select.value = "";
}
function followAll(root) {
  Array.prototype.forEach.call(root.querySelectorAll("select[data-follows]"), followChoice);
}
document.addEventListener("DOMContentLoaded", function () { followAll(document); });
document.addEventListener("htmx:load", function (event) { followAll(event.detail.elt); });
document.addEventListener("change", function (event) {
  var id = event.target.id;
  if (!id) return;
  Array.prototype.forEach.call(document.querySelectorAll("select[data-follows]"), function (select) {
    if (select.dataset.follows === id) followChoice(select);
  });
});

// A form refused for its stale token: the answer carries a fresh one (HX-Trigger), put here
// into the page's requests and forms, so that pressing the button again sends what is typed.
document.body.addEventListener("mediasi:csrf", function (event) {
  var token = event.detail && event.detail.token;
  if (!token) { return; }
  document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRFToken": token }));
  document.querySelectorAll('input[name="_csrf_token"]').forEach(function (input) { input.value = token; });
});

// A workflow diagram opens on the case's current state, else on the start: its box scrolls
// there (a phone would show an empty corner of the drawing). A case's diagram is folded at
// first, so again when it opens; "toggle" does not bubble, hence the capture.
function showState(box) {
  var node = box.querySelector(".node.current") || box.querySelector(".node.start");
  if (!node) { return; }
  var outer = box.getBoundingClientRect();
  var inner = node.getBoundingClientRect();
  box.scrollLeft += inner.left - outer.left - (outer.width - inner.width) / 2;
  box.scrollTop += inner.top - outer.top - (outer.height - inner.height) / 2;
}
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".diagram-scroll").forEach(showState);
});
document.addEventListener("toggle", function (event) {
  var box = event.target.open && event.target.querySelector(".diagram-scroll");
  if (box) { showState(box); }
}, true);
