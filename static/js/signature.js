// The signature box on a form: draw with a finger, a stylus or the mouse (pointer events);
// on submit the drawing goes into the hidden "signature" field as a PNG. Without JavaScript
// the box stays hidden and the patient signs by typed name and the checkbox beside it.
(function () {
  "use strict";
  var field = document.getElementById("signature-field");
  var canvas = document.getElementById("signature-pad");
  var input = document.querySelector("input[name='signature']");
  var form = document.getElementById("sign-form");
  if (!field || !canvas || !input || !form) return;
  field.hidden = false;
  var ctx = canvas.getContext("2d");
  var drawing = false;
  var inked = false;
  var last = null;

  function fit() {
    // Sharp lines on high-density screens: the bitmap follows the box's size in device pixels.
    var ratio = window.devicePixelRatio || 1;
    var box = canvas.getBoundingClientRect();
    var kept = inked ? canvas.toDataURL("image/png") : input.value;
    canvas.width = Math.round(box.width * ratio);
    canvas.height = Math.round(box.height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#10222b";
    if (kept) restore(kept, box);
  }

  function restore(dataUrl, box) {
    var image = new Image();
    image.onload = function () {
      ctx.drawImage(image, 0, 0, box.width, box.height);
      inked = true;
    };
    image.src = dataUrl;
  }

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  canvas.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    last = point(event);
    ctx.beginPath();
    ctx.arc(last.x, last.y, 1.2, 0, Math.PI * 2);
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fill();
    inked = true;
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) return;
    var here = point(event);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(here.x, here.y);
    ctx.stroke();
    last = here;
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
    canvas.addEventListener(name, function () { drawing = false; });
  });
  document.getElementById("signature-clear").addEventListener("click", function () {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    inked = false;
    input.value = "";
  });
  form.addEventListener("submit", function () {
    input.value = inked ? canvas.toDataURL("image/png") : "";
  });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(fit, 150);
  });
  fit();
})();
