// Moving a booking by dragging it on the day grid, with a mouse, a pen or a finger.
//
// The grid only proposes: the drop is posted to bookings/staff/drag.py, which calls the same
// service as the booking's Move page, so every rule (free time, working hours, the device,
// closures, the provider's treatments) and every race is settled there. On success the grid
// is drawn again from the server; on a refusal the block goes back and the service's words
// are shown. A click without movement still opens the booking (the blocks are links), and
// keyboard users keep the Move page.
//
// A drop moves nothing by itself (issue 20: a mistaken drop must cost nothing, and a move
// messages the patient). It is first posted with ask=1: the server reads it as it would a
// move and answers the question in its words (who, from when to when, with whom, how the
// patient is told), shown in the page's <dialog id="grid-move-confirm">. Only "Move" posts
// the drop for real; "Keep where it was", Escape and a click beside the question put the
// block back, and nothing is sent.
(function () {
  "use strict";
  if (!window.fetch || !window.Intl || !document.querySelector(".sched[data-move-url]")) return;

  var ZERO_ID = "00000000-0000-0000-0000-000000000000"; // stands for the booking in the address
  var TOUCH_HOLD_MS = 300; // a finger rests this long before a drag: a swipe still scrolls
  var TOUCH_SLOP_PX = 10; // moving further than this during the hold is a scroll
  var MOUSE_SLOP_PX = 4; // a press that moves less than this is a click
  var EDGE_PX = 32; // near an edge of the window or the grid's scroller, scroll it

  var drag = null; // the press or drag under way
  var saving = false; // a drop is on its way to the server: one at a time
  var swallowClick = false; // the click that ends a drag must not open the booking

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function minutesOf(hhmm) {
    var parts = hhmm.split(":");
    return parseInt(parts[0], 10) * 60 + parseInt(parts[1], 10);
  }

  // The zone's offset from UTC (minutes) at the instant `ms`.
  function offsetAt(ms, zone) {
    var p = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
      .formatToParts(new Date(ms))
      .forEach(function (part) {
        p[part.type] = part.value;
      });
    var wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second);
    return Math.round((wall - ms) / 60000);
  }

  // "2027-04-13T11:30:00-05:00": a wall-clock minute of a day in the clinic's zone (the grid's
  // rows are wall-clock, as the server lays them out), whatever zone this browser is in.
  function isoAt(day, minuteOfDay, zone) {
    var ymd = day.split("-").map(Number);
    var wall = Date.UTC(ymd[0], ymd[1] - 1, ymd[2], 0, minuteOfDay);
    // The offset in force at that moment, not at the first guess (a DST day).
    var offset = offsetAt(wall - offsetAt(wall, zone) * 60000, zone);
    var abs = Math.abs(offset);
    return (
      new Date(wall).toISOString().slice(0, 16) +
      ":00" +
      (offset < 0 ? "-" : "+") +
      pad(Math.floor(abs / 60)) +
      ":" +
      pad(abs % 60)
    );
  }

  function clockLabel(minuteOfDay) {
    var hour = Math.floor(minuteOfDay / 60) % 24;
    return (hour % 12 || 12) + ":" + pad(minuteOfDay % 60);
  }

  function rowsOf(block) {
    var start = /\brs-(\d+)\b/.exec(block.className);
    var end = /\bre-(\d+)\b/.exec(block.className);
    return start && end ? [parseInt(start[1], 10), parseInt(end[1], 10)] : null;
  }

  function csrfToken() {
    var field = document.querySelector('input[name="csrfmiddlewaretoken"]');
    if (field) return field.value;
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return cookie ? decodeURIComponent(cookie[1]) : "";
  }

  // `tone`: "success" (moved), "danger" (refused) or "secondary" (kept on purpose).
  function say(text, tone) {
    var status = document.getElementById("grid-move-status");
    if (!status) return;
    status.className = "grid-move-status alert alert-" + tone;
    // Emptied first, so the same words said twice are announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  // -- following the pointer --------------------------------------------------------------

  function columnAt(x) {
    var bodies = drag.grid.querySelectorAll(".sched-body[data-provider]");
    for (var i = 0; i < bodies.length; i++) {
      var rect = bodies[i].getBoundingClientRect();
      if (x >= rect.left && x < rect.right) return bodies[i];
    }
    return null;
  }

  function begin() {
    var block = drag.block;
    var rows = rowsOf(block);
    if (!rows) return false;
    var grid = drag.grid;
    drag.rowStart = rows[0];
    drag.span = rows[1] - rows[0];
    drag.rows = parseInt(grid.getAttribute("data-rows"), 10);
    drag.rowMinutes = 60 / parseInt(grid.getAttribute("data-rows-per-hour"), 10);
    drag.snap = parseInt(grid.getAttribute("data-snap-minutes"), 10) || drag.rowMinutes;
    drag.firstMinute = minutesOf(grid.getAttribute("data-first-row"));
    drag.grab = drag.y0 - block.getBoundingClientRect().top;
    drag.home = block.parentElement;
    var ghost = block.cloneNode(true);
    ghost.removeAttribute("href");
    ghost.removeAttribute("title");
    ghost.removeAttribute("data-draggable");
    ghost.setAttribute("aria-hidden", "true");
    ghost.className = block.className.replace(/\b(rs|re)-\d+\b|\bsched-beside\b/g, "");
    ghost.classList.add("sched-drag-ghost");
    drag.ghost = ghost;
    drag.started = true;
    block.classList.add("sched-drag-source");
    document.documentElement.classList.add("sched-dragging");
    try {
      block.setPointerCapture(drag.pointerId);
    } catch (e) {
      // A pointer already gone: the pointerup on the document still ends the drag.
    }
    return true;
  }

  function follow(x, y) {
    drag.x = x;
    drag.y = y;
    var body = columnAt(x);
    var ghost = drag.ghost;
    drag.target = null;
    if (!body) {
      ghost.hidden = true;
      return;
    }
    var rect = body.getBoundingClientRect();
    var rowHeight = rect.height / drag.rows;
    var minutes = ((y - drag.grab - rect.top) / rowHeight) * drag.rowMinutes;
    var latest = Math.floor(((drag.rows - drag.span) * drag.rowMinutes) / drag.snap) * drag.snap;
    minutes = Math.max(0, Math.min(latest, Math.round(minutes / drag.snap) * drag.snap));
    var rowStart = minutes / drag.rowMinutes + 1;
    if (ghost.parentElement !== body) body.appendChild(ghost);
    ghost.hidden = false;
    // CSSOM, not a style="" attribute: the Content-Security-Policy allows it.
    ghost.style.gridRowStart = String(rowStart);
    ghost.style.gridRowEnd = String(rowStart + drag.span);
    var time = ghost.querySelector(".sched-time");
    if (time) time.textContent = clockLabel(drag.firstMinute + minutes);
    drag.target = { body: body, rowStart: rowStart, minuteOfDay: drag.firstMinute + minutes };
  }

  // Near an edge, scroll the page (or the grid sideways) and keep the block under the pointer.
  function scrollNearEdges() {
    if (!drag || !drag.started || saving) return;
    var dy = 0;
    var dx = 0;
    if (drag.y < EDGE_PX) dy = -8;
    else if (drag.y > window.innerHeight - EDGE_PX) dy = 8;
    var scroller = drag.grid.closest(".sched-scroll");
    if (scroller) {
      var rect = scroller.getBoundingClientRect();
      if (drag.x < rect.left + EDGE_PX) dx = -8;
      else if (drag.x > rect.right - EDGE_PX) dx = 8;
    }
    if (dy) window.scrollBy(0, dy);
    if (dx && scroller) scroller.scrollLeft += dx;
    if (dx || dy) follow(drag.x, drag.y);
    drag.frame = window.requestAnimationFrame(scrollNearEdges);
  }

  // -- ending a drag ----------------------------------------------------------------------

  function putBack() {
    if (drag.ghost && drag.ghost.parentElement) drag.ghost.parentElement.removeChild(drag.ghost);
    drag.block.classList.remove("sched-drag-source");
    end();
  }

  function end() {
    if (drag) {
      window.clearTimeout(drag.timer);
      window.cancelAnimationFrame(drag.frame);
    }
    document.documentElement.classList.remove("sched-dragging");
    drag = null;
  }

  function answerOf(response) {
    if (response.type === "opaqueredirect") {
      return {
        moved: false,
        message: "Not moved: your session has ended. Reload the page and log in again.",
      };
    }
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") === 0) return response.json();
    return {
      moved: false,
      message:
        response.status === 403
          ? "Not moved: your role does not allow it, or the page has expired (reload it)."
          : "Not moved: the server could not take the move (" +
            response.status +
            "). Use the booking's Move page.",
    };
  }

  // The drop posted to the server: with `ask`, only to have the question put into words.
  function post(url, fields, ask) {
    var form = new FormData();
    Object.keys(fields).forEach(function (name) {
      form.append(name, fields[name]);
    });
    if (ask) form.append("ask", "1");
    drag.ghost.classList.add("sched-drag-saving");
    return fetch(url, {
      method: "POST",
      body: form,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(answerOf)
      .catch(function () {
        return { moved: false, message: "Not moved: the connection failed. Try again." };
      })
      .then(function (answer) {
        if (drag && drag.ghost) drag.ghost.classList.remove("sched-drag-saving");
        return answer;
      });
  }

  // What the server said of a move (or of a drop it refused before asking anything).
  function settle(answer) {
    say(answer.message, answer.moved ? "success" : "danger");
    if (answer.moved || answer.changed) return redraw();
    putBack(); // back where it was: nothing changed on the server
  }

  function drop() {
    var target = drag.target;
    var home = drag.home;
    if (!target || (target.body === home && target.rowStart === drag.rowStart)) {
      putBack();
      return;
    }
    var grid = drag.grid;
    var block = drag.block;
    var zone = grid.getAttribute("data-time-zone");
    var fields = {
      start: isoAt(target.body.getAttribute("data-day"), target.minuteOfDay, zone),
      provider: target.body.getAttribute("data-provider"),
      shown_start: block.getAttribute("data-start"),
      shown_provider: home.getAttribute("data-provider"),
    };
    var url = grid
      .getAttribute("data-move-url")
      .replace(ZERO_ID, block.getAttribute("data-booking"));
    saving = true;
    window.cancelAnimationFrame(drag.frame);
    post(url, fields, true)
      .then(function (answer) {
        if (!answer.asked) return settle(answer);
        return confirmMove(answer).then(function (move) {
          if (move) return post(url, fields, false).then(settle);
          say(answer.kept, "secondary");
          putBack();
        });
      })
      .then(function () {
        saving = false;
      });
  }

  // -- the question before a move ---------------------------------------------------------

  var question = document.getElementById("grid-move-confirm");

  // Resolves true for "Move" only: Escape (the dialog's own cancel), "Keep where it was" and
  // a click on the backdrop all close it with another answer.
  function confirmMove(answer) {
    // The ghost stays where it was dropped, behind the question, to show what is asked.
    document.documentElement.classList.remove("sched-dragging");
    // The click that ended the drag has been swallowed by now (it comes before any answer
    // from the server); a stale flag would eat a keyboard press of "Move".
    swallowClick = false;
    if (!question || !question.showModal) {
      return Promise.resolve(window.confirm(answer.question + "\n" + answer.told));
    }
    question.querySelector("#grid-move-question").textContent = answer.question;
    question.querySelector("#grid-move-told").textContent = answer.told;
    question.returnValue = "";
    // In the half of the window the dropped block is not in, so the desk sees where it would go.
    var box = drag.ghost.getBoundingClientRect();
    var low = box.top + box.height / 2 > window.innerHeight / 2;
    question.classList.toggle("grid-move-confirm-top", low);
    question.classList.toggle("grid-move-confirm-bottom", !low);
    return new Promise(function (resolve) {
      question.addEventListener(
        "close",
        function () {
          resolve(question.returnValue === "move");
        },
        { once: true }
      );
      question.showModal();
    });
  }

  if (question) {
    question.addEventListener("click", function (event) {
      var button = event.target.closest("button[value]");
      // The question's box is all padding and content: a click on the <dialog> itself is on
      // its backdrop, beside the question.
      if (button) question.close(button.value);
      else if (event.target === question) question.close("keep");
    });
  }

  // The grid and the phone list again from the server: what the service decided, and anyone
  // else's changes since the page was drawn.
  function redraw() {
    return fetch(window.location.href, {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ["day-grid", "day-list"].forEach(function (id) {
          var now = document.getElementById(id);
          var next = fresh.getElementById(id);
          if (now && next) now.innerHTML = next.innerHTML;
        });
        drag = null;
        document.documentElement.classList.remove("sched-dragging");
      })
      .catch(function () {
        window.location.reload();
      });
  }

  // -- the pointer's events ---------------------------------------------------------------

  document.addEventListener("pointerdown", function (event) {
    swallowClick = false;
    if (drag || saving || !event.isPrimary) return;
    if (event.pointerType === "mouse" && event.button !== 0) return;
    var block = event.target.closest && event.target.closest(".sched-booking[data-draggable]");
    var grid = block && block.closest(".sched[data-move-url]");
    if (!grid || !block.parentElement.hasAttribute("data-provider")) return;
    drag = {
      block: block,
      grid: grid,
      pointerId: event.pointerId,
      touch: event.pointerType === "touch",
      x0: event.clientX,
      y0: event.clientY,
      armed: event.pointerType !== "touch",
      started: false,
    };
    if (drag.touch) {
      drag.timer = window.setTimeout(function () {
        if (!drag || drag.started) return;
        drag.armed = true;
        if (begin()) {
          follow(drag.x0, drag.y0);
          drag.frame = window.requestAnimationFrame(scrollNearEdges);
        } else end();
      }, TOUCH_HOLD_MS);
    }
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || saving || event.pointerId !== drag.pointerId) return;
    var moved = Math.hypot(event.clientX - drag.x0, event.clientY - drag.y0);
    if (!drag.armed) {
      if (moved > TOUCH_SLOP_PX) end(); // a swipe: let the page scroll
      return;
    }
    if (!drag.started) {
      if (moved < MOUSE_SLOP_PX || !begin()) return;
      drag.frame = window.requestAnimationFrame(scrollNearEdges);
    }
    event.preventDefault();
    follow(event.clientX, event.clientY);
  });

  document.addEventListener("pointerup", function (event) {
    if (!drag || saving || event.pointerId !== drag.pointerId) return;
    if (!drag.started) {
      end();
      return;
    }
    swallowClick = true;
    follow(event.clientX, event.clientY);
    drop();
  });

  document.addEventListener("pointercancel", function (event) {
    if (!drag || saving || event.pointerId !== drag.pointerId) return;
    if (drag.started) putBack();
    else end();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !drag || saving || !drag.started) return;
    swallowClick = true; // the button still held will end in a click
    putBack();
    say("Not moved: the drag was cancelled.", "secondary");
  });

  // Once a finger has held a block, the page must not scroll under it.
  document.addEventListener(
    "touchmove",
    function (event) {
      if (drag && drag.armed && event.cancelable) event.preventDefault();
    },
    { passive: false }
  );

  // The browser's own dragging of a link, and the long-press menu, would take the pointer away.
  document.addEventListener("dragstart", function (event) {
    if (event.target.closest && event.target.closest(".sched-booking[data-draggable]")) {
      event.preventDefault();
    }
  });
  document.addEventListener("contextmenu", function (event) {
    if (drag && drag.armed) event.preventDefault();
  });

  document.addEventListener(
    "click",
    function (event) {
      if (!swallowClick) return;
      swallowClick = false;
      event.preventDefault();
      event.stopPropagation();
    },
    true
  );
})();
