/** What a test may ask about an AbortSignal that a node never may: who still listens to it. */
const { getEventListeners } = require('events');

/** The 'abort' listeners still attached to a signal. */
function abortListenersOf(signal) {
	return getEventListeners(signal, 'abort');
}

module.exports = { abortListenersOf };
