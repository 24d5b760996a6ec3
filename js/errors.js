// js/errors.js — the Error classes C errors become in JS (and turn back
// into when JS hands them to C).

/** A C error with no more specific class: name and type are the C type's
 *  name ("ValueError", "QueueEmpty", "JSError", ...). */
export class WasyncioError extends Error {
  constructor(message = '', type = 'Exception', options = undefined) {
    super(message, options);
    this.name = type;
    this.type = type;
  }
}

/** asyncio.CancelledError: the task was cancelled (message: the cancel message). */
export class CancelledError extends WasyncioError {
  constructor(message = '', options = undefined) {
    super(message, 'CancelledError', options);
  }
}

/** TimeoutError (or a C subclass of it, named by type). */
export class TimeoutError extends WasyncioError {
  constructor(message = '', options = undefined, type = 'TimeoutError') {
    super(message, type, options);
  }
}

/** An ExceptionGroup or BaseExceptionGroup: errors are its children. */
export class ExceptionGroup extends AggregateError {
  constructor(errors, message = '', type = 'ExceptionGroup', options = undefined) {
    super(errors, message, options);
    this.name = type;
    this.type = type;
  }
}
