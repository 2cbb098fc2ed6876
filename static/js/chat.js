/* Live chat room (templates/meetings/room.html) over Socket.IO.
 *
 * Progressive enhancement: the page works with plain forms; this script
 * joins the room, shows messages, presence, typing and the speakers' list
 * as they happen, and sends through the socket instead of posting. Messages
 * written while disconnected wait (shown as pending) and are sent again
 * with the same client_id after reconnecting: the server keeps one copy.
 * Text that is not the server's sanitized body_html goes in as textContent.
 */
(function () {
  'use strict';

  var root = document.getElementById('chat');
  if (!root || typeof io !== 'function') return;

  var TIMEOUT = 10000;
  var TYPING_EVERY = 3000;
  var TYPING_SHOWN = 5000;

  var data = root.dataset;
  var slug = data.room;
  var me = Number(data.me);
  var moderator = data.moderator === 'true';
  var list = root.querySelector('ol.messages');
  var people = root.querySelector('ul.people');
  var typingLine = root.querySelector('p.typing');
  var connection = root.querySelector('p.connection');
  var form = root.querySelector('form.chat-form');
  var textarea = form && form.querySelector('textarea[name=body]');
  var announceForm = root.querySelector('details.announce form');
  var floorEl = document.getElementById('turnos');

  var socket = io();
  var joined = false;
  var caughtUp = false;
  var connections = 0; // answers meant for an earlier connection are dropped
  var cursor = maxId(); // every message up to this one is shown: catch-up starts after it
  var queue = []; // {clientId, body, li, attempt}, oldest first
  var sending = false;
  var lastTyping = 0;
  var typers = {}; // person id -> {name, timer}
  var present = []; // the people in the room, by name
  var countdownTimer = null;

  // Helpers -------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function format(template, values) {
    return String(template || '').replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    return 'c' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 12);
  }

  function call(event, payload, done) {
    socket.timeout(TIMEOUT).emit(event, payload, function (err, ack) {
      if (done) done(err ? { ok: false, timeout: true } : ack || { ok: false });
    });
  }

  function showError(container, ack) {
    if (!container) return;
    var p = container.querySelector(':scope > .js-error');
    if (!p) {
      p = el('p', 'error js-error');
      p.setAttribute('role', 'alert');
      container.insertBefore(p, container.firstChild);
    }
    var text = ack && ack.error; // the server's message, already translated
    p.textContent = text || '';
    p.hidden = !text;
  }

  function setStatus(text, offline) {
    if (!connection) return;
    connection.textContent = text || '';
    connection.classList.toggle('offline', !!offline);
  }

  var timeFormat;
  try {
    timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      timeZone: data.tz || undefined
    });
  } catch (e) {
    timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  // Messages ------------------------------------------------------------------

  function maxId() {
    var items = list ? list.querySelectorAll('li.chat-message[data-id]') : [];
    return items.length ? Number(items[items.length - 1].dataset.id) : 0;
  }

  function minId() {
    var first = list && list.querySelector('li.chat-message[data-id]');
    return first ? Number(first.dataset.id) : null;
  }

  function nearBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  }

  function scrollToEnd() {
    list.scrollTop = list.scrollHeight;
  }

  function markMentions(li) {
    var mine = li.querySelectorAll('span.mention[data-user-id="' + me + '"]');
    for (var i = 0; i < mine.length; i++) mine[i].classList.add('me');
    li.classList.toggle('mentions-me', mine.length > 0);
  }

  function deleteForm(message) {
    var token = form && form.querySelector('input[name=csrf_token]');
    var del = el('form', 'inline');
    del.method = 'post';
    del.action = form.getAttribute('action') + '/' + message.id + '/delete';
    if (token) del.appendChild(token.cloneNode());
    if (message.author.id !== me) {
      var reason = el('input');
      reason.name = 'reason';
      reason.size = 12;
      reason.placeholder = data.tReason || '';
      reason.setAttribute('aria-label', data.tReasonLabel || '');
      del.appendChild(reason);
    }
    del.appendChild(el('button', 'link', data.tDelete));
    return del;
  }

  // The same plain link as the page's: the flag form is a page of its own.
  function flagLink(message) {
    var link = el('a', 'flag', data.tFlag);
    link.href = data.flagUrl + message.id;
    link.rel = 'nofollow';
    return link;
  }

  function renderMessage(message) {
    var li = el('li', 'chat-message');
    li.id = 'm' + message.id;
    li.dataset.id = message.id;
    li.classList.toggle('announcement', message.kind === 'announcement');
    li.classList.toggle('mine', message.author.id === me);
    var who = el('span', 'who', message.author.name);
    if (message.author.affiliation) {
      who.appendChild(document.createTextNode(' '));
      who.appendChild(el('small', null, '(' + message.author.affiliation + ')'));
    }
    li.appendChild(who);
    li.appendChild(document.createTextNode(' '));
    var time = el('time', null, timeFormat.format(new Date(message.created_at)));
    time.dateTime = message.created_at;
    li.appendChild(time);
    if (message.kind === 'announcement') {
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('strong', 'badge', data.tAnnouncement));
    }
    if (message.deleted) {
      li.classList.add('deleted');
      li.appendChild(el('p', 'placeholder', data.tDeleted));
      return li;
    }
    var body = el('div', 'body');
    body.innerHTML = message.body_html; // sanitized by the server
    li.appendChild(body);
    if (message.edited_at) li.appendChild(el('small', 'edited', data.tEdited));
    if (form && (message.author.id === me || moderator)) li.appendChild(deleteForm(message));
    if (data.flagUrl && message.author.id !== me) li.appendChild(flagLink(message));
    markMentions(li);
    return li;
  }

  // The server has it: forget the pending copy (and send the next one).
  function dropPending(clientId) {
    for (var i = 0; i < queue.length; i++) {
      if (queue[i].clientId === clientId) {
        queue[i].li.remove();
        queue.splice(i, 1);
        if (i === 0) sending = false;
        return true;
      }
    }
    return false;
  }

  // Put a message in its place (ascending ids, pending ones last); once per id.
  function addMessage(message) {
    if (!list || !message || message.room !== slug) return;
    if (message.author.id === me && message.client_id && dropPending(message.client_id)) flush();
    if (document.getElementById('m' + message.id)) return;
    var follow = nearBottom();
    var li = renderMessage(message);
    var items = list.children;
    var before = null;
    for (var i = items.length - 1; i >= 0; i--) {
      var id = items[i].dataset.id;
      if (id && Number(id) < message.id) break;
      before = items[i];
    }
    list.insertBefore(li, before);
    if (message.author.id !== me) stopTyping(message.author.id);
    if (follow || message.author.id === me) scrollToEnd();
  }

  function addAll(messages) {
    (messages || []).forEach(addMessage);
  }

  function replaceMessage(message) {
    var old = document.getElementById('m' + message.id);
    if (old && old.parentNode === list) list.replaceChild(renderMessage(message), old);
  }

  function markDeleted(id) {
    var li = document.getElementById('m' + id);
    if (!li || li.parentNode !== list) return;
    li.classList.add('deleted');
    var gone = li.querySelectorAll('.body, .edited, form, a.flag');
    for (var i = 0; i < gone.length; i++) gone[i].remove();
    if (!li.querySelector('.placeholder')) li.appendChild(el('p', 'placeholder', data.tDeleted));
  }

  // Sending: one at a time, so the server stores them in the order written.

  function pendingItem(body) {
    var li = el('li', 'chat-message pending mine');
    li.appendChild(el('span', 'who', data.meName));
    li.appendChild(document.createTextNode(' '));
    li.appendChild(el('span', 'status', data.tPending));
    li.appendChild(el('div', 'body', body));
    list.appendChild(li);
    scrollToEnd();
    return li;
  }

  function flush() {
    if (!joined || sending || !queue.length) return;
    var item = queue[0];
    var attempt = (item.attempt = (item.attempt || 0) + 1);
    sending = true;
    call('send', { room: slug, body: item.body, client_id: item.clientId }, function (ack) {
      if (queue[0] !== item || item.attempt !== attempt) return; // settled meanwhile
      sending = false;
      if (ack.ok) {
        addMessage(ack.message); // drops the pending copy
        if (queue[0] === item) dropPending(item.clientId);
        showError(form, null);
      } else if (ack.timeout) {
        // Unknown fate: send again with the same client_id once connected.
      } else {
        // Refused (muted, too fast, too long…): give the text back, with what waited behind it.
        var bodies = queue.map(function (each) { each.li.remove(); return each.body; });
        queue = [];
        if (textarea) textarea.value = bodies.concat(textarea.value ? [textarea.value] : []).join('\n\n');
        showError(form, ack);
      }
      flush();
    });
  }

  function submitMessage(event) {
    event.preventDefault();
    var body = textarea.value;
    if (!body.trim()) {
      // Nothing to send: the server says so, in the page's language.
      if (joined) call('send', { room: slug, body: body, client_id: newClientId() }, showError.bind(null, form));
      return;
    }
    var item = { clientId: newClientId(), body: body };
    item.li = pendingItem(body);
    queue.push(item);
    textarea.value = '';
    showError(form, null);
    flush();
  }

  // Presence and typing ------------------------------------------------------

  function renderPeople(present) {
    if (!people || !present) return;
    people.textContent = '';
    present.forEach(function (person) {
      var li = el('li', null, person.name);
      li.dataset.id = person.id;
      if (person.affiliation) {
        li.appendChild(document.createTextNode(' '));
        li.appendChild(el('small', null, '(' + person.affiliation + ')'));
      }
      people.appendChild(li);
    });
    if (!present.length) people.appendChild(el('li', 'empty', data.tNobody));
  }

  function renderTyping() {
    if (!typingLine) return;
    var names = Object.keys(typers).map(function (id) { return typers[id].name; });
    typingLine.textContent =
      names.length > 1 ? format(data.tTypingMany, { names: names.join(', ') })
        : names.length ? format(data.tTyping, { name: names[0] }) : '';
  }

  function stopTyping(id) {
    if (!typers[id]) return;
    clearTimeout(typers[id].timer);
    delete typers[id];
    renderTyping();
  }

  function someoneTyping(person) {
    if (!person || person.id === me) return;
    if (typers[person.id]) clearTimeout(typers[person.id].timer);
    typers[person.id] = {
      name: person.name,
      timer: setTimeout(function () { stopTyping(person.id); }, TYPING_SHOWN)
    };
    renderTyping();
  }

  function typed() {
    var now = Date.now();
    if (!joined || now - lastTyping < TYPING_EVERY || !textarea.value.trim()) return;
    lastTyping = now;
    socket.emit('typing', { room: slug });
  }

  // Speakers' list -----------------------------------------------------------

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function tick() {
    var clocks = floorEl ? floorEl.querySelectorAll('.countdown[data-ends-at]') : [];
    for (var i = 0; i < clocks.length; i++) {
      var left = Math.round((Date.parse(clocks[i].dataset.endsAt) - Date.now()) / 1000);
      var over = left < 0;
      var s = Math.abs(left);
      clocks[i].textContent = (over ? '+' : '') + pad(Math.floor(s / 60)) + ':' + pad(s % 60);
      clocks[i].classList.toggle('over', over);
    }
    if (!clocks.length && countdownTimer) {
      clearInterval(countdownTimer);
      countdownTimer = null;
    } else if (clocks.length && !countdownTimer) {
      countdownTimer = setInterval(tick, 1000);
    }
  }

  function hidden(name, value) {
    var input = el('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    return input;
  }

  function renderFloor(state) {
    if (!floorEl || !state || state.room !== slug) return;
    var t = floorEl.dataset;
    floorEl.dataset.seconds = state.seconds || '';
    var status = floorEl.querySelector('.floor-status');
    if (status) {
      var rules = state.seconds ? ' · ' + format(t.tSeconds, { n: state.seconds }) : '';
      status.textContent = (state.open ? t.tOpen : t.tClosed) + rules;
    }
    var speaking = floorEl.querySelector('.speaking');
    if (speaking) {
      speaking.textContent = '';
      if (state.speaking) {
        var p = el('p', null, t.tSpeaking + ' ');
        p.appendChild(el('strong', null, state.speaking.person.name));
        if (state.speaking.ends_at) {
          var clock = el('span', 'countdown');
          clock.dataset.endsAt = state.speaking.ends_at;
          p.appendChild(document.createTextNode(' '));
          p.appendChild(clock);
        }
        speaking.appendChild(p);
      }
    }
    var queueEl = floorEl.querySelector('.queue');
    var template = document.getElementById('floor-item');
    if (queueEl && template) {
      queueEl.textContent = '';
      state.queue.forEach(function (item) {
        var li = template.content.firstElementChild.cloneNode(true);
        li.dataset.request = item.request_id;
        li.querySelector('.name').textContent = item.person.name;
        if (item.person.affiliation) {
          var small = el('small', null, '(' + item.person.affiliation + ')');
          li.insertBefore(small, li.querySelector('.name').nextSibling);
          li.insertBefore(document.createTextNode(' '), small);
        }
        var ids = li.querySelectorAll('input[name=request_id]');
        for (var i = 0; i < ids.length; i++) ids[i].value = item.request_id;
        queueEl.appendChild(li);
      });
    }
    var own = floorEl.querySelector('form.floor-self');
    if (own) {
      Array.prototype.slice.call(own.children).forEach(function (child) {
        if (child.name !== 'csrf_token') child.remove();
      });
      var waiting = state.queue.some(function (item) { return item.person.id === me; });
      if (waiting || state.open) {
        own.appendChild(hidden('action', waiting ? 'withdraw' : 'request'));
        own.appendChild(el('button', null, waiting ? t.tWithdraw : t.tRequest));
      }
    }
    var toggle = floorEl.querySelector('.chair-tools [name=action][value=open], .chair-tools [name=action][value=close]');
    if (toggle) {
      toggle.value = state.open ? 'close' : 'open';
      var button = toggle.form.querySelector('button');
      if (button) button.textContent = state.open ? t.tCloseList : t.tOpenList;
    }
    var seconds = floorEl.querySelector('.chair-tools input[name=seconds]');
    if (seconds && document.activeElement !== seconds) seconds.value = state.seconds || '';
    tick();
  }

  // The no-JavaScript forms' fields, as the `floor` event wants them.
  function floorPayload(fields) {
    var action = fields.get('action');
    var payload = { room: slug, action: action };
    var requestId = parseInt(fields.get('request_id'), 10);
    if (!isNaN(requestId)) payload.request_id = requestId;
    if (fields.get('direction')) payload.direction = fields.get('direction');
    if (action === 'open' || action === 'close') {
      payload.action = 'rules';
      payload.open = action === 'open';
    } else if (action === 'time') {
      var seconds = parseInt(fields.get('seconds'), 10);
      payload.action = 'rules';
      payload.seconds = isNaN(seconds) ? null : seconds;
    }
    return payload;
  }

  // Connection ---------------------------------------------------------------

  // Pages of what came after the cursor, in order, until there is no more.
  function caughtUpTo(ack) {
    addAll(ack.messages);
    var last = ack.messages && ack.messages[ack.messages.length - 1];
    if (last) cursor = Math.max(cursor, last.id);
    if (ack.more) catchUp();
    else caughtUp = true;
  }

  function catchUp() {
    var generation = connections;
    call('history', { room: slug, after_id: cursor, limit: 200 }, function (ack) {
      if (generation !== connections) return;
      if (ack.ok) caughtUpTo(ack);
      else if (ack.timeout && socket.connected) catchUp();
    });
  }

  function join() {
    var generation = connections;
    call('join', { room: slug, after_id: cursor }, function (ack) {
      if (generation !== connections || !socket.connected) return;
      if (ack.timeout) return join();
      if (!ack.ok) return setStatus(ack.error, true);
      joined = true;
      setStatus(data.tConnected);
      caughtUpTo(ack);
      present = ack.people;
      renderPeople(present);
      if (ack.floor) renderFloor(ack.floor);
      flush();
    });
  }

  socket.on('connect', function () {
    connections++;
    sending = false;
    join();
  });

  socket.on('disconnect', function (reason) {
    joined = caughtUp = false;
    sending = false;
    Object.keys(typers).forEach(stopTyping);
    setStatus(data.tReconnecting, true);
    if (reason === 'io server disconnect') socket.connect();
  });

  socket.on('connect_error', function (error) {
    // Refused by the server (signed out): it will not retry by itself.
    setStatus(socket.active ? data.tReconnecting : error.message, true);
  });

  socket.on('message', function (message) {
    addMessage(message);
    if (caughtUp && message.room === slug) cursor = Math.max(cursor, message.id);
  });
  socket.on('message_edited', replaceMessage);
  socket.on('message_deleted', function (event) {
    if (event.room === slug) markDeleted(event.id);
  });
  // One arrival or departure at a time; the whole list comes with `join`.
  socket.on('presence', function (event) {
    if (event.room !== slug) return;
    present = present.filter(function (person) {
      return person.id !== (event.joined || event.left).id;
    });
    if (event.joined) present.push(event.joined);
    present.sort(function (a, b) { return a.name.localeCompare(b.name); });
    renderPeople(present);
  });
  socket.on('typing', function (event) {
    if (event.room === slug) someoneTyping(event.person);
  });
  socket.on('floor', renderFloor);
  socket.on('meeting_closed', function (event) {
    if (event.room !== slug || !form) return;
    var fields = form.querySelectorAll('textarea, button');
    for (var i = 0; i < fields.length; i++) fields[i].disabled = true;
    showError(form, { error: data.tClosed });
  });

  // The page's own forms, sent over the socket ---------------------------------

  if (form && textarea) {
    form.addEventListener('submit', submitMessage);
    textarea.addEventListener('input', typed);
    textarea.addEventListener('keydown', function (event) {
      // Enter sends, Shift+Enter starts a new line.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit ? form.requestSubmit() : submitMessage(event);
      }
    });
  }

  if (announceForm) {
    announceForm.addEventListener('submit', function (event) {
      if (!joined) return; // the plain form posts it
      event.preventDefault();
      var body = announceForm.querySelector('textarea[name=body]');
      call('announce', { room: slug, body: body.value, client_id: newClientId() }, function (ack) {
        showError(announceForm, ack);
        if (ack.ok) {
          body.value = '';
          addMessage(ack.message);
        }
      });
    });
  }

  if (list) {
    list.addEventListener('submit', function (event) {
      var del = event.target;
      var li = del.closest('li.chat-message');
      if (!joined || !li || !li.dataset.id) return;
      event.preventDefault();
      var reason = del.querySelector('input[name=reason]');
      call('delete', { id: Number(li.dataset.id), reason: reason ? reason.value : null }, function (ack) {
        if (ack.ok) markDeleted(ack.id);
        else showError(form || li, ack);
      });
    });
  }

  if (floorEl) {
    floorEl.addEventListener('submit', function (event) {
      if (!joined) return;
      event.preventDefault();
      call('floor', floorPayload(new FormData(event.target)), function (ack) {
        showError(floorEl, ack.ok ? null : ack);
        if (ack.ok) renderFloor(ack.floor);
      });
    });
    tick();
  }

  var older = root.querySelector('a[data-older]');
  if (older && list) {
    older.addEventListener('click', function (event) {
      var first = minId();
      if (!joined || first === null) return; // the link loads the page before
      event.preventDefault();
      call('history', { room: slug, before_id: first, limit: 50 }, function (ack) {
        if (!ack.ok) return showError(form, ack);
        var height = list.scrollHeight;
        var top = list.scrollTop;
        addAll(ack.messages);
        list.scrollTop = top + list.scrollHeight - height;
        var newFirst = minId();
        if (!ack.more || newFirst === null) older.parentNode.remove();
        else older.href = older.href.replace(/([?&]before=)\d+/, '$1' + newFirst);
      });
    });
  }

  // Start at the newest message, or at the one the address points to.
  if (list) {
    var items = list.querySelectorAll('li.chat-message');
    for (var i = 0; i < items.length; i++) markMentions(items[i]);
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && list.contains(target)) target.scrollIntoView({ block: 'center' });
    else scrollToEnd();
  }
})();
