// js/scheduler.js — the host side of the loop: when C arms a tick, run it
// in an immediate macrotask (ready work) or after a timer (the next
// deadline); never setTimeout(0), which browsers clamp to 4 ms.

// Runs fn in a new macrotask; returns a function that cancels it.
export const immediate = typeof setImmediate === 'function'
  ? (fn) => {
      const id = setImmediate(fn);
      return () => clearImmediate(id);
    }
  : channelImmediate();

// Browsers: a MessageChannel message is a macrotask without the clamp.
function channelImmediate() {
  const queue = [];
  let port = null;
  return (fn) => {
    if (!port) {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => queue.shift()();
      port = channel.port2;
    }
    let live = true;
    queue.push(() => { if (live) fn(); });
    port.postMessage(0);
    return () => { live = false; };
  };
}

/** One pending tick at most: arming again replaces it, a delay < 0 only
 *  cancels.  Nothing armed, nothing keeps Node alive. */
export class Scheduler {
  #cancel = null;

  constructor(tick) {
    this.tick = tick;
  }

  get armed() {
    return this.#cancel !== null;
  }

  arm(delay) {
    if (this.#cancel) this.#cancel();
    this.#cancel = null;
    if (delay < 0) return;
    const fire = () => {
      this.#cancel = null;
      this.tick();
    };
    if (delay > 0) {
      // rounded up: a timer that fires early only costs an extra tick
      const id = setTimeout(fire, Math.ceil(delay * 1000));
      this.#cancel = () => clearTimeout(id);
    } else {
      this.#cancel = immediate(fire);
    }
  }
}
