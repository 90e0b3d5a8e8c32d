/*
 * The chat page, shared by both front ends.
 *
 * Safety rule: text that came from a user is put into the page ONLY with `textContent`
 * (or as the value of an attribute set through the DOM). The browser then shows
 * "<script>" as the characters < s c r i p t >, and never runs it.
 *
 * A transport (chat_socketio.js or chat_ws.js) calls ChatUI.start({send, listen}).
 */
(function () {
  "use strict";

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clock(seconds) {
    return new Date(seconds * 1000).toLocaleTimeString([], {
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
  }

  /* One message -> one <li>. Every piece of user text goes through el(..., text). */
  function renderMessage(m, me, texts) {
    const li = el("li", "msg msg-" + m.kind);
    li.appendChild(el("span", "time", clock(m.time)));
    if (m.kind === "system") {
      li.appendChild(el("span", "text", m.text));
    } else if (m.kind === "me") {
      li.appendChild(el("span", "text", "* " + m.nick + " " + m.text));
    } else {
      let who = m.nick;
      if (m.kind === "whisper") {
        who = m.nick === me
          ? texts.whisperTo.replace("{nick}", m.to)
          : m.nick + " " + texts.whisperFrom;
      }
      li.appendChild(el("span", "nick", who));
      li.appendChild(el("span", "text", m.text));
    }
    return li;
  }

  function start(transport) {
    const texts = document.body.dataset;
    const messages = document.getElementById("messages");
    const users = document.getElementById("users");
    const status = document.getElementById("status");
    const joinForm = document.getElementById("join-form");
    const sendForm = document.getElementById("send-form");
    const input = document.getElementById("text");
    const sendButton = sendForm.querySelector("button");
    const historyLink = document.getElementById("history-link");
    let current = null;  // {nick, room} after a successful join

    function show(li) {
      messages.appendChild(li);
      messages.scrollTop = messages.scrollHeight;
    }

    function setUsers(list) {
      users.replaceChildren(...list.map((nick) => el("li", "user", nick)));
    }

    function setJoined(on) {
      input.disabled = !on;
      sendButton.disabled = !on;
      historyLink.hidden = !on;
    }

    const handlers = {
      open() {
        status.textContent = texts.connected;
        if (current) transport.send("join", current);  // back after a reconnect
      },
      close() {
        status.textContent = texts.disconnected;
        setJoined(false);
      },
      event(name, data) {
        if (name === "joined") {
          current = { nick: data.nick, room: data.room };
          messages.replaceChildren(...data.history.map((m) => renderMessage(m, data.nick, texts)));
          setUsers(data.users);
          historyLink.href = "/history/" + encodeURIComponent(data.room);
          setJoined(true);
          input.focus();
        } else if (name === "chat") {
          show(renderMessage(data, current ? current.nick : "", texts));
        } else if (name === "presence") {
          setUsers(data.users);
        } else if (name === "chat_error") {
          show(el("li", "msg msg-error", data.message));
        }
      },
    };

    joinForm.addEventListener("submit", (e) => {
      e.preventDefault();
      transport.send("join", {
        nick: document.getElementById("nick").value,
        room: document.getElementById("room").value,
      });
    });

    sendForm.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!input.value.trim()) return;
      transport.send("chat", { text: input.value });
      input.value = "";
    });

    transport.listen(handlers);
  }

  window.ChatUI = { start, renderMessage, EVENTS: ["joined", "chat", "presence", "chat_error"] };
})();
