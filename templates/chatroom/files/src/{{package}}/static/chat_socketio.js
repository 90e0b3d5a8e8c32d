/* Transport for the Flask-SocketIO server: the vendored socket.io client (window.io). */
(function () {
  "use strict";
  const socket = io();  // same origin; reconnects by itself

  window.ChatUI.start({
    send(event, data) {
      socket.emit(event, data);
    },
    listen(handlers) {
      socket.on("connect", handlers.open);
      socket.on("disconnect", handlers.close);
      for (const name of window.ChatUI.EVENTS) {
        socket.on(name, (data) => handlers.event(name, data));
      }
    },
  });

  // Leaving the page leaves the room at once, also when the browser keeps the page in its
  // back/forward cache instead of closing it; coming back to it connects and rejoins.
  window.addEventListener("pagehide", () => socket.disconnect());
  window.addEventListener("pageshow", (e) => {
    if (e.persisted) socket.connect();
  });
})();
