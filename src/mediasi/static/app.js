// mediasi: nothing inline (the Content-Security-Policy forbids it); htmx does the rest.
document.addEventListener("htmx:responseError", function (event) {
  var status = event.detail.xhr.status;
  if (status >= 500) {
    alert("Terjadi kesalahan di server (" + status + "). Coba lagi. / Server error, please retry.");
  }
});
