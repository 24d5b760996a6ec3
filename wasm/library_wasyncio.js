/*
 * library_wasyncio.js — the JS side of src/host/emscripten.c, linked with
 * emcc --js-library.
 *
 * wa__js_arm(loop, delay) schedules one call of wa__emscripten_tick(loop):
 * delay 0 as an immediate macrotask (setImmediate in Node; a MessageChannel
 * message in browsers, which setTimeout(0) would clamp to 4 ms), delay > 0
 * with setTimeout, delay < 0 cancels.  At most one request is pending per
 * loop: arming again replaces it.  Each pending request holds the runtime
 * alive (runtimeKeepalivePush/Pop), so with EXIT_RUNTIME main() may return
 * while the loop still runs, and an idle loop lets the runtime — and Node —
 * exit.  The tick goes through callUserCallback, which turns exit() called
 * from C (wa_main's end) into the process's exit status.
 */
mergeInto(LibraryManager.library, {
  $wasyncio: {
    pending: {},    // loop pointer -> function cancelling its request
    queue: [],      // browsers: callbacks waiting for their channel message
    port: null,

    // Runs fn in a new macrotask; returns a function that cancels it.
    immediate: function(fn) {
      if (typeof setImmediate == 'function') {
        var id = setImmediate(fn);
        return function() { clearImmediate(id); };
      }
      if (!wasyncio.port) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function() { wasyncio.queue.shift()(); };
        wasyncio.port = channel.port2;
      }
      var live = true;
      wasyncio.queue.push(function() { if (live) fn(); });
      wasyncio.port.postMessage(0);
      return function() { live = false; };
    },
  },

  wa__js_arm__deps: ['$wasyncio', '$callUserCallback', '$runtimeKeepalivePush', '$runtimeKeepalivePop'],
  wa__js_arm__sig: 'vid',
  wa__js_arm: function(loop, delay) {
    var cancel = wasyncio.pending[loop];
    if (cancel) {
      delete wasyncio.pending[loop];
      cancel();
      {{{ runtimeKeepalivePop() }}}
    }
    if (delay < 0) return;
    function fire() {
      delete wasyncio.pending[loop];
      {{{ runtimeKeepalivePop() }}}
      callUserCallback(function() { _wa__emscripten_tick(loop); });
    }
    if (delay > 0) {
      // rounded up: a timer that fires early only costs an extra tick
      var id = setTimeout(fire, Math.ceil(delay * 1000));
      cancel = function() { clearTimeout(id); };
    } else {
      cancel = wasyncio.immediate(fire);
    }
    wasyncio.pending[loop] = cancel;
    {{{ runtimeKeepalivePush() }}}
  },
});
