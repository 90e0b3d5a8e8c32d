/*
 * Transport for the Tornado server: a plain browser WebSocket.
 * Frames are JSON: {"type": "<event>", "data": {...}} in both directions.
 */
(function () {
  "use strict";
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
  let socket = null;
  let handlers = null;
  let hidden = false;  // the page was left (maybe kept in the back/forward cache)

  function connect() {
    socket = new WebSocket(url);
    socket.addEventListener("open", () => handlers.open());
    socket.addEventListener("close", () => {
      handlers.close();
      if (!hidden) setTimeout(connect, 2000);  // try again; the page rejoins on "open"
    });
    socket.addEventListener("message", (e) => {
      let frame;
      try {
        frame = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      handlers.event(frame.type, frame.data);
    });
  }

  window.ChatUI.start({
    send(event, data) {
      if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ type: event, data: data }));
      }
    },
    listen(h) {
      handlers = h;
      connect();
    },
  });

  // Leaving the page leaves the room at once, also when the browser keeps the page in its
  // back/forward cache instead of closing it; coming back to it connects and rejoins.
  window.addEventListener("pagehide", () => {
    hidden = true;
    if (socket) socket.close();
  });
  window.addEventListener("pageshow", (e) => {
    if (!e.persisted) return;
    hidden = false;
    connect();
  });
})();
