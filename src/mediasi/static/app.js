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

// A form refused for its stale token: the answer carries a fresh one (HX-Trigger), put here
// into the page's requests and forms, so that pressing the button again sends what is typed.
document.body.addEventListener("mediasi:csrf", function (event) {
  var token = event.detail && event.detail.token;
  if (!token) { return; }
  document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRFToken": token }));
  document.querySelectorAll('input[name="_csrf_token"]').forEach(function (input) { input.value = token; });
});
