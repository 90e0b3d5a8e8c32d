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
})();
